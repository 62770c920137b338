import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { DOTTED_HONORIFICS, HONORIFIC_PATTERNS, HONORIFICS, honorificAt } from '../honorifics.js';
import { defineRecognizer } from '../recognizer.js';
import { eachMatch, trieAlternation } from './span-tools.js';

const dotted = new Set(DOTTED_HONORIFICS);
const capitalised = (w: string) => w[0]!.toUpperCase() + w.slice(1);
const abbreviations = HONORIFICS.filter((w) => !dotted.has(w) && w.length <= 6);
// Candidates: title-cased forms ('Mr', 'Frau', 'Rev.') and upper-case ones with a period ('MR.').
// Case-sensitive on the original text, so V8 skips most positions on their first character.
const CANDIDATE = new RegExp(
  `\\b(?:${trieAlternation(HONORIFICS.map(capitalised))}\\.?|${trieAlternation(
    abbreviations.map((w) => w.toUpperCase()),
  )}\\.)[ \\t\\u00a0]`,
  'g',
);
// Lower-case forms ('mrs. ana' in lower-cased text) only with a period: read back from each '. ', which
// is ten times cheaper than a lower-case alternation over every word.
const LOWER_BEFORE_PERIOD = new RegExp(`(?:^|[^\\p{L}\\p{N}_])(${trieAlternation(abbreviations)})$`, 'u');

/** Where honorific candidates start, in order. */
function candidates(text: string): number[] {
  const starts: number[] = [];
  eachMatch(CANDIDATE, text, (m) => starts.push(m.index));
  let lower = false;
  for (let i = text.indexOf('. '); i >= 0; i = text.indexOf('. ', i + 2)) {
    const c = text.charCodeAt(i - 1);
    if (c < 97 || c > 122) continue;
    const m = LOWER_BEFORE_PERIOD.exec(text.slice(Math.max(0, i - 8), i));
    if (m === null) continue;
    starts.push(i - m[1]!.length);
    lower = true;
  }
  return lower ? starts.sort((a, b) => a - b) : starts;
}

/**
 * Honorifics before a name ('Mr.', 'Dr', 'Mrs', 'Prof.', 'Herr', 'Frau', 'Mme', 'Sra.', 'Sir', 'Lady'),
 * reported as TITLE. The span is the honorific with its period; the name is the tagger's PERSON.
 */
export const titleRecognizer = defineRecognizer({
  id: 'pii.title',
  mode: 'sync',
  entities: [{ type: 'TITLE', category: 'person', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [CANDIDATE, LOWER_BEFORE_PERIOD, ...HONORIFIC_PATTERNS],
  options: z.object({}),
  create: () => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      for (const start of candidates(text)) {
        const found = honorificAt(text, start, ctx.language);
        if (found === undefined) continue;
        const last = out[out.length - 1];
        // 'Prof. Dr. Müller': titles one space apart are one span.
        if (last && start - last.end === 1) {
          last.end = found.end;
          last.score = Math.max(last.score, found.score);
          continue;
        }
        out.push({
          type: 'TITLE',
          start,
          end: found.end,
          score: found.score,
          recognizer: 'pii.title',
          evidence: ['honorific'],
        });
      }
      return out;
    },
  }),
});
