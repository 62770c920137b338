import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { contextSignal } from '../context.js';
import { defineRecognizer } from '../recognizer.js';
import { DATE_PATTERNS, dateSpans } from './date-finder.js';
import { alignedLower } from './span-tools.js';

const BIRTH_WORDS = {
  positive: [
    'born', 'birth', 'birthday', 'birthdate', 'date of birth', 'dob', 'd.o.b', 'geboren', 'geb', 'geburtsdatum',
    'geburtstag', 'né', 'née', 'naissance', 'date de naissance', 'anniversaire', 'nacido', 'nacida', 'nacimiento',
    'fecha de nacimiento', 'cumpleaños',
  ],
}; // prettier-ignore

/** A calendar date next to birth words ('born on', 'DOB:', 'geboren am', 'né le', 'fecha de nacimiento'). */
export const dateOfBirthRecognizer = defineRecognizer({
  id: 'pii.date-of-birth',
  mode: 'sync',
  entities: [{ type: 'DATE_OF_BIRTH', category: 'health', level: 'restricted' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: DATE_PATTERNS,
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      const lower = alignedLower(text, ctx);
      for (const s of dateSpans(text, ctx)) {
        if (s.kind !== 'date') continue;
        if (contextSignal(lower, s.start, s.end, BIRTH_WORDS, { before: 40, after: 12 }) !== 1) continue;
        const score = Math.min(1, Math.round((s.score + 0.3) * 100) / 100);
        out.push({
          type: 'DATE_OF_BIRTH',
          start: s.start,
          end: s.end,
          score,
          recognizer: 'pii.date-of-birth',
          evidence: ['context+'],
        });
      }
      return out;
    },
  }),
});
