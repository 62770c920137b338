import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { iban, IBAN_LENGTHS } from './checksums.js';
import { eachMatch, hasDigit } from './span-tools.js';

// Country code, check digits, then alphanumerics with optional single space/dash separators. The
// match may run into following words; `cut` trims it to the country's length at a group boundary.
const CANDIDATE = /\b(?<!-)[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,32}(?![\w])/g;

/**
 * Returns the end offset (within `raw`) of the IBAN at its start, or -1. The IBAN must end where a
 * group ends (end of match or a separator follows), use one separator kind, and be in one letter case.
 */
export function cutIban(raw: string): number {
  const length = IBAN_LENGTHS[raw.slice(0, 2).toUpperCase()];
  if (length === undefined) return -1;
  let count = 0;
  let sep: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === ' ' || ch === '-') {
      if (sep !== undefined && sep !== ch) return -1;
      sep = ch;
      continue;
    }
    if (++count === length) {
      const next = raw[i + 1];
      if (next !== undefined && next !== ' ' && next !== '-') return -1;
      // A dash-joined token that runs on (a UUID, a serial) is one identifier, not an IBAN in it.
      if (next === '-' && /[A-Za-z0-9]/.test(raw[i + 2] ?? '')) return -1;
      const value = raw.slice(0, i + 1);
      const letters = value.replace(/[^A-Za-z]/g, '');
      if (letters !== letters.toUpperCase() && letters !== letters.toLowerCase()) return -1;
      return iban(value.replace(/[ -]/g, '')) ? i + 1 : -1;
    }
  }
  return -1;
}

/** IBAN (ISO 13616): per-country length and mod-97 check, printed with or without separators. */
export const ibanRecognizer = defineRecognizer({
  id: 'pii.iban',
  mode: 'sync',
  entities: [{ type: 'IBAN', category: 'financial', level: 'restricted' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [CANDIDATE],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      eachMatch(CANDIDATE, text, (m) => {
        const end = cutIban(m[0]);
        if (end === -1) return;
        out.push({
          type: 'IBAN',
          start: m.index,
          end: m.index + end,
          score: 0.95,
          recognizer: 'pii.iban',
          evidence: ['checksum', `country:${m[0].slice(0, 2).toUpperCase()}`],
        });
        // Resume right after this IBAN so a list 'IBAN1, IBAN2' finds both.
        CANDIDATE.lastIndex = m.index + end;
      });
      return out;
    },
  }),
});
