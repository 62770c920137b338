import { z } from 'zod';
import { defineRecognizer } from '../recognizer.js';
import { DATE_PATTERNS, dateSpans } from './date-finder.js';

/** Dates and times in numeric (ISO, d/m/y, m/d/y) and named-month forms in EN, DE, FR and ES. */
export const dateTimeRecognizer = defineRecognizer({
  id: 'pii.date-time',
  mode: 'sync',
  entities: [{ type: 'DATE_TIME', category: 'date', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: DATE_PATTERNS,
  options: z.object({}),
  create: () => ({
    scan: (text, ctx) =>
      dateSpans(text, ctx).map((s) => ({
        type: 'DATE_TIME',
        start: s.start,
        end: s.end,
        score: s.score,
        recognizer: 'pii.date-time',
        evidence: [s.kind],
      })),
  }),
});
