import { BulwarkError, type Finding } from '../core/index.js';
import { builtinRecognizers } from '../detect/index.js';

/** A span to transform: the union of overlapping findings, typed by the strongest of them. */
export interface Span {
  type: string;
  start: number;
  end: number;
}

/** Whole-document verdicts (prompt injection) describe the text, not a span of it to replace. */
const DOCUMENT_SCOPE = new Set(builtinRecognizers.filter((d) => d.scope === 'document').map((d) => d.id));

/**
 * Validates findings against the text and merges overlaps into one span each, so no part of an
 * overlapping finding is left in clear. Invalid offsets are refused, naming the finding's index only.
 */
export function toSpans(text: string, findings: readonly Finding[]): Span[] {
  const valid: Finding[] = [];
  findings.forEach((f, index) => {
    if (DOCUMENT_SCOPE.has(f.recognizer)) return;
    const ok =
      Number.isInteger(f.start) &&
      Number.isInteger(f.end) &&
      f.start >= 0 &&
      f.start < f.end &&
      f.end <= text.length;
    if (!ok) {
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `Finding ${index} has offsets outside the text.`,
        details: { field: `findings[${index}]` },
      });
    }
    valid.push(f);
  });
  valid.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: (Span & { score: number; length: number })[] = [];
  for (const f of valid) {
    const last = spans.at(-1);
    if (last && f.start < last.end) {
      // The strongest finding names the merged span; ties go to the longer one.
      if (f.score > last.score || (f.score === last.score && f.end - f.start > last.length)) {
        last.type = f.type;
        last.score = f.score;
        last.length = f.end - f.start;
      }
      last.end = Math.max(last.end, f.end);
    } else {
      spans.push({ type: f.type, start: f.start, end: f.end, score: f.score, length: f.end - f.start });
    }
  }
  return spans.map(({ type, start, end }) => ({ type, start, end }));
}
