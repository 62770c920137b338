import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { contextSignal } from '../context.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, eachMatch, hasDigit } from './span-tools.js';

const ZIP = /\b(?<!-)\d{5}(?:-\d{4})?(?![\w-]|[.,]\d)/g;
// 'Springfield, IL 62704': a US state or territory code right before the number.
const STATE_BEFORE =
  /(?:^|[\s,])(?:A[KLRZS]|C[AOT]|D[CE]|FL|G[AU]|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|P[AR]|RI|S[CD]|T[NX]|UT|V[AIT]|W[AIVY])\.?,?\s{1,2}$/;

const ZIP_WORDS = {
  positive: [
    'zip',
    'zip code',
    'zipcode',
    'postal code',
    'postcode',
    'post code',
    'plz',
    'postleitzahl',
    'code postal',
    'cp',
    'código postal',
  ],
};

/** US ZIP codes (and 5-digit postal codes) only where context says so: a state code before it or postal words. */
export const zipCodeRecognizer = defineRecognizer({
  id: 'pii.zip-code',
  mode: 'sync',
  entities: [{ type: 'ZIP_CODE', category: 'location', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [ZIP, STATE_BEFORE],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      const lower = alignedLower(text, ctx);
      eachMatch(ZIP, text, (m) => {
        const end = m.index + m[0].length;
        const state = STATE_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index));
        const words = contextSignal(lower, m.index, end, ZIP_WORDS, { before: 24, after: 0 }) === 1;
        if (!state && !words) return;
        out.push({
          type: 'ZIP_CODE',
          start: m.index,
          end,
          score: state ? 0.7 : 0.6,
          recognizer: 'pii.zip-code',
          evidence: [state ? 'state-code' : 'context+'],
        });
      });
      return out;
    },
  }),
});
