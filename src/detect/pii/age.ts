import { definePatternRecognizer } from './pattern-recognizer.js';

const validAge = (value: string): boolean => Number(value) <= 125;

// Every rule is led by the digits ('(?=\d)' first lets V8 skip to digits quickly); the words that make
// the number an age sit in look-arounds, so the span is the number itself.
const BEFORE = "aged|age|âgée?|agée?|edad|alter|im alter von|at the age of|à l'âge de|a la edad de";

/**
 * Ages stated as such: 'aged 42', 'age: 42', '42 years old', '42-year-old', '42 yo', '42 Jahre alt',
 * 'âgé de 42 ans', 'tiene 42 años'. A bare number of years ('for 42 years') is not an age. The
 * patterns run on the lower-cased text.
 */
export const ageRecognizer = definePatternRecognizer({
  id: 'pii.age',
  entities: [
    {
      type: 'AGE',
      category: 'person',
      level: 'internal',
      context: {},
      rules: [
        {
          pattern: new RegExp(
            `(?=\\d)(?<=\\b(?:${BEFORE}):?[ ]{1,3}(?:of[ ]|de[ ])?)\\d{1,3}(?![\\w]|[.,]\\d)`,
            'g',
          ),
          score: 0.75,
          validate: validAge,
          lower: true,
        },
        {
          pattern:
            /\b(?<![.,])\d{1,3}(?=[ -]?(?:years?|yrs?|jahre?|años|anos)[ -]?(?:old|alt|de edad)(?![\w]))/g,
          score: 0.8,
          validate: validAge,
          lower: true,
        },
        {
          pattern: /\b(?<![.,])\d{1,3}(?=[ -]?(?:jährige[rn]?|year-old|yo|y\/o|y\.o\.)(?![\w]))/g,
          score: 0.75,
          validate: validAge,
          lower: true,
        },
        {
          pattern:
            /(?=\d)(?<=\b(?:tiene|tengo|j'ai|il a|elle a|ist|bin)[ ])\d{1,3}(?=[ ](?:ans|años|jahre)(?![\w]))/g,
          score: 0.7,
          validate: validAge,
          lower: true,
        },
      ],
    },
  ],
});
