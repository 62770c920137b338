import { itFiscalCode } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';

/** Italian codice fiscale (upper case, as issued): 16-character shape with omocodia substitutions, control letter. */
export const itFiscalCodeRecognizer = definePatternRecognizer({
  id: 'pii.it-fiscal-code',
  entities: [
    {
      type: 'IT_FISCAL_CODE',
      category: 'national_id',
      level: 'restricted',
      context: { positive: ['codice fiscale', 'cf', 'fiscal code', 'tax code', 'tessera sanitaria'] },
      rules: [
        {
          pattern:
            /\b(?<!-)[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\w-])/g,
          score: 0.9,
          validate: itFiscalCode,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
