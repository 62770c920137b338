import { frNir } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { REFERENCE_WORDS } from './span-tools.js';

/** French social security number (NIR): structure (sex, month, department) plus the mod-97 key. */
export const frNirRecognizer = definePatternRecognizer({
  id: 'pii.fr-nir',
  entities: [
    {
      type: 'FR_NIR',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: [
          'nir',
          'sécurité sociale',
          'securite sociale',
          'sécu',
          'numéro de sécurité sociale',
          'insee',
          'social security',
        ],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?![\w-]|[.,]\d)/g,
          score: 0.85,
          validate: frNir,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
