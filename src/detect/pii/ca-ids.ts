import { caSin } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { consistentSeparators, REFERENCE_WORDS } from './span-tools.js';

/** Canadian Social Insurance Number: Luhn, no 0/8 prefix, consistent 3-3-3 grouping. */
export const caSinRecognizer = definePatternRecognizer({
  id: 'pii.ca-sin',
  entities: [
    {
      type: 'CA_SIN',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: [
          'sin',
          'social insurance',
          'social insurance number',
          'nas',
          "numéro d'assurance sociale",
          'assurance sociale',
        ],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)\d{3}[- ]?\d{3}[- ]?\d{3}(?![\w-]|[.,]\d)/g,
          score: (raw) => (raw.length === 11 ? 0.5 : 0.3),
          validate: (digits, raw) => consistentSeparators(raw) && caSin(digits),
          evidence: 'checksum',
        },
      ],
    },
  ],
});
