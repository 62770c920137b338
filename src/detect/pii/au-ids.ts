import { auAbn, auAcn, auMedicare, auTfn } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { REFERENCE_WORDS } from './span-tools.js';

/** Australian TFN, ABN, ACN and Medicare numbers, each with its weighted checksum. */
export const auIdsRecognizer = definePatternRecognizer({
  id: 'pii.au-ids',
  entities: [
    {
      type: 'AU_TFN',
      category: 'national_id',
      level: 'restricted',
      context: { positive: ['tfn', 'tax file number', 'tax file'], negative: REFERENCE_WORDS },
      rules: [
        {
          pattern: /\b(?<!-)\d{3} ?\d{3} ?\d{2,3}(?![\w-]|[.,]\d)/g,
          score: 0.4,
          validate: auTfn,
          evidence: 'checksum',
        },
      ],
    },
    {
      type: 'AU_ABN',
      category: 'national_id',
      level: 'confidential',
      context: {
        positive: ['abn', 'australian business number', 'business number'],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w-]|[.,]\d)/g,
          score: (raw) => (raw.length === 14 ? 0.6 : 0.45),
          validate: auAbn,
          evidence: 'checksum',
        },
      ],
    },
    {
      type: 'AU_ACN',
      category: 'national_id',
      level: 'confidential',
      context: {
        positive: ['acn', 'australian company number', 'company number'],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)\d{3} ?\d{3} ?\d{3}(?![\w-]|[.,]\d)/g,
          score: 0.4,
          validate: auAcn,
          evidence: 'checksum',
        },
      ],
    },
    {
      type: 'AU_MEDICARE',
      category: 'health',
      level: 'restricted',
      context: { positive: ['medicare', 'medicare card', 'medicare number'], negative: REFERENCE_WORDS },
      rules: [
        {
          pattern: /\b(?<!-)[2-6]\d{3} ?\d{5} ?\d(?:[ -]?\d)?(?![\w-]|[.,]\d)/g,
          score: (raw) => (raw.includes(' ') ? 0.5 : 0.4),
          validate: auMedicare,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
