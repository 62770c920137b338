import { abaRouting, usItin, usSsn } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { consistentSeparators, REFERENCE_WORDS, separatorsOf } from './span-tools.js';

/** Grades a 3-2-4 number by how it is printed: dashes are the canonical form, bare digits are weak. */
function gradeByPrinting(dashed: number) {
  return (raw: string): number => {
    const seps = separatorsOf(raw);
    if (seps.length === 0) return 0.3;
    if (seps.length === 1) return 0.2;
    return seps[0] === '-' ? dashed : 0.45;
  };
}

const TAX_CONTEXT = {
  positive: ['ssn', 'social security', 'social security number', 'itin', 'tax id', 'taxpayer', 'tin'],
  negative: REFERENCE_WORDS,
};

/** US Social Security Number and ITIN: issuance ranges, consistent separators, context for bare digits. */
export const usSsnRecognizer = definePatternRecognizer({
  id: 'pii.us-ssn',
  entities: [
    {
      type: 'US_SSN',
      category: 'national_id',
      level: 'restricted',
      context: TAX_CONTEXT,
      rules: [
        {
          pattern: /\b(?<!-)\d{3}[- .]?\d{2}[- .]?\d{4}(?![\w-]|[.,]\d)/g,
          score: gradeByPrinting(0.6),
          validate: (digits, raw) => consistentSeparators(raw) && usSsn(digits),
          evidence: 'ranges',
        },
      ],
    },
    {
      type: 'US_ITIN',
      category: 'national_id',
      level: 'restricted',
      context: TAX_CONTEXT,
      rules: [
        {
          pattern: /\b(?<!-)9\d{2}[- .]?\d{2}[- .]?\d{4}(?![\w-]|[.,]\d)/g,
          score: gradeByPrinting(0.6),
          validate: (digits, raw) => consistentSeparators(raw) && usItin(digits),
          evidence: 'ranges',
        },
      ],
    },
  ],
});

/** US passport book/card numbers: no checksum, so context decides. */
export const usPassportRecognizer = definePatternRecognizer({
  id: 'pii.us-passport',
  entities: [
    {
      type: 'US_PASSPORT',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: [
          'passport',
          'passport number',
          'passport no',
          'travel document',
          'reisepass',
          'passeport',
          'pasaporte',
        ],
        negative: REFERENCE_WORDS,
      },
      rules: [
        { pattern: /\b(?<!-)[A-Z]\d{8}(?![\w-])/g, score: 0.3 },
        { pattern: /\b(?<!-)\d{9}(?![\w-]|[.,]\d)/g, score: 0.2 },
      ],
    },
  ],
});

/** US driver's licence numbers: each state has its own format, none checkable; emitted only with context. */
export const usDriverLicenseRecognizer = definePatternRecognizer({
  id: 'pii.us-driver-license',
  entities: [
    {
      type: 'US_DRIVER_LICENSE',
      category: 'national_id',
      level: 'restricted',
      requireContext: true,
      context: {
        positive: [
          'driver',
          "driver's",
          'drivers',
          'license',
          'licence',
          'dl',
          'dln',
          'driving',
          'führerschein',
          'permis de conduire',
          'licencia de conducir',
          'carnet de conducir',
        ],
        negative: REFERENCE_WORDS,
      },
      rules: [
        { pattern: /\b(?<!-)[A-Za-z]{1,2}\d{4,14}[A-Za-z]?(?![\w-])/g, score: 0.3 },
        { pattern: /\b(?<!-)\d{7,13}(?![\w-]|[.,]\d)/g, score: 0.2 },
      ],
    },
  ],
});

/** ABA routing transit numbers: 3-7-1 checksum and Federal Reserve prefixes; weak alone. */
export const usBankRoutingRecognizer = definePatternRecognizer({
  id: 'pii.us-bank-routing',
  entities: [
    {
      type: 'US_BANK_ROUTING',
      category: 'financial',
      level: 'restricted',
      context: {
        positive: ['routing', 'aba', 'rtn', 'routing number', 'transit', 'bank'],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)(?:\d{9}|\d{4}-\d{4}-\d)(?![\w-]|[.,]\d)/g,
          score: 0.4,
          validate: abaRouting,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
