import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, eachMatch, hasDigit } from './span-tools.js';

// One digit-led pass finds small numbers; short anchored regexes then read the words around each.
const NUMBER = /\b(?<![.,])\d{1,3}(?!\d|[.,]\d)/g;
const WORD_BEFORE =
  /\b(?:aged|age|âgée?|agée?|edad|alter|im alter von|at the age of|à l'âge de|a la edad de):?[ ]{1,3}(?:of[ ]|de[ ])?$/;
const VERB_BEFORE = /\b(?:tiene|tengo|j'ai|il a|elle a|ist|bin)[ ]$/;
const UNIT_AFTER = /^[ ](?:ans|años|jahre)(?!\w)/;
const YEARS_OLD_AFTER = /^[ -]?(?:years?|yrs?|jahre?|años|anos)[ -]?(?:old|alt|de edad|of age)(?!\w)/;
const ADJECTIVE_AFTER = /^[ -]?(?:jährige[rn]?|year-old|yo|y\/o|y\.o\.)(?!\w)/;
// 'she turned 42', 'I'm 42.', 'he is 42 and ...': a person's verb, then the number ends the phrase.
const TURNED_BEFORE = /\b(?:turned|turns|turning|just turned|will turn)[ ]$/;
const PERSON_IS_BEFORE =
  /\b(?:i am|i'm|i’m|he is|he's|he’s|she is|she's|she’s|who is|you are|you're)[ ](?:now[ ]|only[ ]|just[ ])?$/;
const PHRASE_END_AFTER =
  /^(?:[ ]?(?:[.,;!?)]|$)|[ ](?:and|but|now|today|this|last|next|in|on|when|with|so|or|soon)(?!\w))/;

/** The base score when the words around a number make it an age, else undefined. */
function ageScore(before: string, after: string): number | undefined {
  if (YEARS_OLD_AFTER.test(after)) return 0.8;
  if (WORD_BEFORE.test(before) || ADJECTIVE_AFTER.test(after)) return 0.75;
  if (VERB_BEFORE.test(before) && UNIT_AFTER.test(after)) return 0.7;
  if (!PHRASE_END_AFTER.test(after)) return undefined;
  if (TURNED_BEFORE.test(before)) return 0.7;
  if (PERSON_IS_BEFORE.test(before)) return 0.6;
  return undefined;
}

/**
 * Ages stated as such: 'aged 42', 'age: 42', '42 years old', '42 years of age', '42-year-old', '42 yo',
 * 'she turned 42', 'I'm 42.', '42 Jahre alt', 'âgé de 42 ans', 'tiene 42 años'. The span is the number.
 * A bare number of years ('for 42 years') or of anything else ('I'm 5 minutes away') is not an age.
 */
export const ageRecognizer = defineRecognizer({
  id: 'pii.age',
  mode: 'sync',
  entities: [{ type: 'AGE', category: 'person', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [
    NUMBER,
    WORD_BEFORE,
    VERB_BEFORE,
    UNIT_AFTER,
    YEARS_OLD_AFTER,
    ADJECTIVE_AFTER,
    TURNED_BEFORE,
    PERSON_IS_BEFORE,
    PHRASE_END_AFTER,
  ],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      const lower = alignedLower(text, ctx);
      eachMatch(NUMBER, lower, (m) => {
        const end = m.index + m[0].length;
        if (Number(m[0]) > 125) return;
        const score = ageScore(lower.slice(Math.max(0, m.index - 24), m.index), lower.slice(end, end + 20));
        if (score === undefined) return;
        out.push({ type: 'AGE', start: m.index, end, score, recognizer: 'pii.age', evidence: ['age-words'] });
      });
      return out;
    },
  }),
});
