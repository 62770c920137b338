import { nhs, ukNino } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { consistentSeparators, REFERENCE_WORDS } from './span-tools.js';

/** UK National Insurance number: HMRC prefix and suffix rules; lower case is accepted at a lower score. */
export const ukNinoRecognizer = definePatternRecognizer({
  id: 'pii.uk-nino',
  entities: [
    {
      type: 'UK_NINO',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: ['nino', 'national insurance', 'ni number', 'insurance number'],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![\w-])/g,
          score: (raw) => (raw === raw.toUpperCase() ? 0.6 : 0.4),
          validate: (value) => ukNino(value),
          evidence: 'format',
        },
      ],
    },
  ],
});

/** NHS number: mod-11 check digit; ten digits are common, so it needs context to pass the threshold. */
export const ukNhsRecognizer = definePatternRecognizer({
  id: 'pii.uk-nhs',
  entities: [
    {
      type: 'UK_NHS',
      category: 'health',
      level: 'restricted',
      context: {
        positive: ['nhs', 'nhs number', 'health service', 'patient', 'chi number'],
        negative: [...REFERENCE_WORDS, 'phone', 'tel', 'call', 'mobile', 'fax'],
      },
      rules: [
        {
          pattern: /\b(?<!-)\d{3}[- ]?\d{3}[- ]?\d{4}(?![\w-]|[.,]\d)/g,
          score: 0.4,
          validate: (digits, raw) => consistentSeparators(raw) && nhs(digits),
          evidence: 'checksum',
        },
      ],
    },
  ],
});
