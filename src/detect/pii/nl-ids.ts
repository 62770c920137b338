import { nlBsn } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { REFERENCE_WORDS } from './span-tools.js';

/** Dutch citizen service number (BSN): the 11-proof; nine digits are common, so context matters. */
export const nlBsnRecognizer = definePatternRecognizer({
  id: 'pii.nl-bsn',
  entities: [
    {
      type: 'NL_BSN',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: ['bsn', 'burgerservicenummer', 'sofinummer', 'sofi', 'citizen service number'],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w-]|[.,]\d)/g,
          score: 0.4,
          validate: nlBsn,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
