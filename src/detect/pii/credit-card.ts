import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { luhn } from './checksums.js';
import {
  alignedLower,
  eachMatch,
  finding,
  groupLengths,
  REFERENCE_WORDS,
  separatorsOf,
  hasDigit,
  withContext,
} from './span-tools.js';

interface Brand {
  name: string;
  /** True when the leading digits fall in the brand's issuer range. */
  prefix: (digits: string) => boolean;
  lengths: readonly number[];
}

const lead = (digits: string, n: number): number => Number(digits.slice(0, n));
const between = (value: number, low: number, high: number): boolean => value >= low && value <= high;

/** Issuer identification ranges (ISO/IEC 7812 as published by the networks). Order: most specific first. */
export const CARD_BRANDS: readonly Brand[] = [
  { name: 'amex', prefix: (d) => ['34', '37'].includes(d.slice(0, 2)), lengths: [15] },
  { name: 'visa', prefix: (d) => d[0] === '4', lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    prefix: (d) => between(lead(d, 2), 51, 55) || between(lead(d, 4), 2221, 2720),
    lengths: [16],
  },
  {
    name: 'discover',
    prefix: (d) =>
      d.startsWith('6011') ||
      between(lead(d, 3), 644, 649) ||
      d.startsWith('65') ||
      between(lead(d, 6), 622126, 622925),
    lengths: [16, 17, 18, 19],
  },
  { name: 'jcb', prefix: (d) => between(lead(d, 4), 3528, 3589), lengths: [16, 17, 18, 19] },
  {
    name: 'diners',
    prefix: (d) =>
      between(lead(d, 3), 300, 305) || d.startsWith('3095') || ['36', '38', '39'].includes(d.slice(0, 2)),
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { name: 'unionpay', prefix: (d) => d.startsWith('62') || d.startsWith('81'), lengths: [16, 17, 18, 19] },
  {
    name: 'maestro',
    prefix: (d) => d.startsWith('50') || between(lead(d, 2), 56, 69),
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  },
  // JCB's earlier 15-digit ranges, still listed in IIN tables and produced by test-data generators.
  { name: 'jcb', prefix: (d) => d.startsWith('2131') || d.startsWith('1800'), lengths: [15] },
  // UATP airline cards: 15 digits starting with 1.
  { name: 'uatp', prefix: (d) => d[0] === '1', lengths: [15] },
];

/** The card network of a digit string, or undefined when no issuer range and length match. */
export function cardBrand(digits: string): string | undefined {
  return CARD_BRANDS.find((b) => b.lengths.includes(digits.length) && b.prefix(digits))?.name;
}

// Groupings printed on cards and in forms; anything else with separators is a different number.
const GROUPINGS = new Set([
  '4,4,4,4',
  '4,6,5',
  '4,6,4',
  '4,4,4,4,3',
  '4,4,4,4,2',
  '4,4,4,1',
  '4,4,4,3',
  '4,4,4,2',
  '4,4,4,4,1',
  '6,13',
  '4,4,4',
  '4,4,5',
]);

// Bounded digit run with optional single separators; long runs fail on the surrounding look-arounds.
const CANDIDATE = /\b(?<!-)\d(?:[ -]?\d){11,18}(?![\w-]|[.,]\d)/g;

const CONTEXT = {
  positive: [
    'card',
    'credit',
    'debit',
    'visa',
    'mastercard',
    'amex',
    'cc',
    'kreditkarte',
    'karte',
    'carte',
    'carte bancaire',
    'tarjeta',
    'crédito',
  ],
  negative: REFERENCE_WORDS,
};

/** Payment card numbers: issuer range and length, Luhn, card-style grouping. */
export const creditCardRecognizer = defineRecognizer({
  id: 'pii.credit-card',
  mode: 'sync',
  entities: [{ type: 'CREDIT_CARD', category: 'financial', level: 'restricted' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [CANDIDATE],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      const lower = alignedLower(text, ctx);
      eachMatch(CANDIDATE, text, (m) => {
        const raw = m[0];
        const digits = raw.replace(/\D/g, '');
        const seps = separatorsOf(raw);
        if (
          seps.length > 0 &&
          (!seps.every((s) => s === seps[0]) || !GROUPINGS.has(groupLengths(raw).join(',')))
        )
          return;
        const brand = cardBrand(digits);
        if (brand === undefined || !luhn(digits)) return;
        // A run of one repeated digit passes Luhn for some lengths but is never issued.
        if (/^(\d)\1+$/.test(digits)) return;
        const scored = withContext(lower, m.index, m.index + raw.length, 0.95, CONTEXT, [
          'luhn',
          `brand:${brand}`,
        ]);
        out.push(finding('CREDIT_CARD', m.index, m.index + raw.length, scored, 'pii.credit-card'));
      });
      return out;
    },
  }),
});
