import { inAadhaar } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { consistentSeparators, REFERENCE_WORDS } from './span-tools.js';

/** Indian Aadhaar (Verhoeff check digit) and PAN (format with the holder-type letter). */
export const inIdsRecognizer = definePatternRecognizer({
  id: 'pii.in-ids',
  entities: [
    {
      type: 'IN_AADHAAR',
      category: 'national_id',
      level: 'restricted',
      context: { positive: ['aadhaar', 'aadhar', 'uidai', 'uid', 'आधार'], negative: REFERENCE_WORDS },
      rules: [
        {
          pattern: /\b(?<!-)[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}(?![\w-]|[.,]\d)/g,
          score: (raw) => (raw.length === 14 ? 0.55 : 0.4),
          validate: (digits, raw) => consistentSeparators(raw) && inAadhaar(digits),
          evidence: 'checksum',
        },
      ],
    },
    {
      type: 'IN_PAN',
      category: 'national_id',
      level: 'restricted',
      context: { positive: ['pan', 'permanent account number', 'income tax', 'pan card'] },
      rules: [{ pattern: /\b(?<!-)[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z](?![\w-])/g, score: 0.5 }],
    },
  ],
});
