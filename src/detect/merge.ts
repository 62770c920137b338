import type { Finding } from '../core/index.js';

/**
 * Resolves overlapping span findings deterministically: a higher score wins, then the longer span,
 * then the type name, then the recogniser id. Returns the survivors sorted by position.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  const ranked = [...findings].sort(
    (a, b) =>
      b.score - a.score ||
      b.end - b.start - (a.end - a.start) ||
      compare(a.type, b.type) ||
      compare(a.recognizer, b.recognizer) ||
      a.start - b.start,
  );
  const kept: Finding[] = [];
  for (const candidate of ranked) {
    if (!kept.some((k) => candidate.start < k.end && k.start < candidate.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || compare(a.type, b.type));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
