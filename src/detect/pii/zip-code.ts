import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { contextSignal } from '../context.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, eachMatch, hasDigit, REFERENCE_WORDS, trieAlternation } from './span-tools.js';

const ZIP = /\b(?<!-)\d{5}(?:-\d{4})?(?![\w-]|[.,]\d)/g;
// 'Springfield, IL 62704': a US state or territory code right before the number.
const STATE_BEFORE =
  /(?:^|[\s,])(?:A[KLRZS]|C[AOT]|D[CE]|FL|G[AU]|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AIT]|W[AIVY])\.?,?\s{1,2}$/;
const STATES = [
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida',
  'georgia', 'hawaii', 'idaho', 'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine',
  'maryland', 'massachusetts', 'michigan', 'minnesota', 'mississippi', 'missouri', 'montana', 'nebraska', 'nevada',
  'new hampshire', 'new jersey', 'new mexico', 'new york', 'north carolina', 'north dakota', 'ohio', 'oklahoma',
  'oregon', 'pennsylvania', 'rhode island', 'south carolina', 'south dakota', 'tennessee', 'texas', 'utah',
  'vermont', 'virginia', 'washington', 'west virginia', 'wisconsin', 'wyoming', 'district of columbia',
  'puerto rico', 'guam',
]; // prettier-ignore
// 'Austin, Texas 78701': a state name right before (run on the lower-cased text).
const STATE_NAME_BEFORE = new RegExp(`(?:^|[\\s,])${trieAlternation(STATES)},?\\s{1,2}$`);
// UK ('SW1A 1AA', 'M1 1AE') and Canadian ('K1A 0B1') postcodes: distinctive shapes, upper case, one space.
// The scan looks for the digit-led second half (fast to scan for), then reads the first before a space.
const POSTCODE_INWARD = /\b\d(?:[ABD-HJLNP-UW-Z]{2}|[ABCEGHJ-NPRSTV-Z]\d)\b/g;
const UK_OUTWARD = /(?:^|[^\w-])([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)$/;
const CA_OUTWARD = /(?:^|[^\w-])([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])$/;
const UK_INWARD = /^\d[ABD-HJLNP-UW-Z]{2}$/;
// Any digit shortly before: the number may close a street address, whose span should win the overlap.
const DIGIT = /\d/;

const ZIP_WORDS = {
  negative: REFERENCE_WORDS,
  positive: [
    'zip', 'zip code', 'zipcode', 'zip+4', 'postal code', 'postcode', 'post code', 'postal', 'plz', 'postleitzahl',
    'code postal', 'cp', 'código postal',
  ],
}; // prettier-ignore

/** Score of a postal code: high when it stands alone, low when it may be the tail of an address. */
function postalScore(text: string, start: number, strong: number): number {
  return DIGIT.test(text.slice(Math.max(0, start - 64), start)) ? 0.52 : strong;
}

/**
 * US ZIP codes (5 or 5+4 digits) where context says so: a state code or name right before, or postal
 * words; ZIP+4 also alone. UK and Canadian postcodes by their shape. A code that may close a longer street address scores
 * just above the threshold, so the address span (tagger) wins the overlap and the code shows only alone.
 */
export const zipCodeRecognizer = defineRecognizer({
  id: 'pii.zip-code',
  mode: 'sync',
  entities: [{ type: 'ZIP_CODE', category: 'location', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [ZIP, STATE_BEFORE, STATE_NAME_BEFORE, POSTCODE_INWARD, UK_OUTWARD, CA_OUTWARD, UK_INWARD, DIGIT],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      const lower = alignedLower(text, ctx);
      const add = (start: number, end: number, score: number, evidence: string) =>
        out.push({ type: 'ZIP_CODE', start, end, score, recognizer: 'pii.zip-code', evidence: [evidence] });
      eachMatch(ZIP, text, (m) => {
        const end = m.index + m[0].length;
        const words = contextSignal(lower, m.index, end, ZIP_WORDS, { before: 32, after: 16 });
        if (words === 1) return add(m.index, end, postalScore(text, m.index, 0.9), 'context+');
        if (STATE_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index)))
          return add(m.index, end, postalScore(text, m.index, 0.85), 'state-code');
        if (STATE_NAME_BEFORE.test(lower.slice(Math.max(0, m.index - 24), m.index)))
          return add(m.index, end, postalScore(text, m.index, 0.8), 'state-name');
        // ZIP+4 ('90210-1234') is distinctive on its own unless order or invoice words say otherwise.
        if (m[0].length === 10 && words === 0) add(m.index, end, postalScore(text, m.index, 0.6), 'zip+4');
      });
      eachMatch(POSTCODE_INWARD, text, (m) => {
        if (text[m.index - 1] !== ' ') return;
        const before = text.slice(Math.max(0, m.index - 6), m.index - 1);
        const uk = UK_INWARD.test(m[0]) ? UK_OUTWARD.exec(before) : null;
        const outward = uk ?? CA_OUTWARD.exec(before);
        if (outward === null) return;
        const start = m.index - 1 - outward[1]!.length;
        const end = m.index + m[0].length;
        const words = contextSignal(lower, start, end, ZIP_WORDS, { before: 32, after: 16 }) === 1;
        add(
          start,
          end,
          postalScore(text, start, words ? 0.85 : 0.6),
          uk !== null ? 'region:GB' : 'region:CA',
        );
      });
      return out;
    },
  }),
});
