import { sgNric } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';

/** Singapore NRIC/FIN: series letter, seven digits, weighted check letter. */
export const sgNricRecognizer = definePatternRecognizer({
  id: 'pii.sg-nric',
  entities: [
    {
      type: 'SG_NRIC',
      category: 'national_id',
      level: 'restricted',
      context: { positive: ['nric', 'fin', 'ic', 'identity card', 'identification'] },
      rules: [
        {
          pattern: /\b(?<!-)[STFGMstfgm]\d{7}[A-Za-z](?![\w-])/g,
          score: (raw) => (raw === raw.toUpperCase() ? 0.75 : 0.5),
          validate: sgNric,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
