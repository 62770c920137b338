import { beginTag } from './labels.js';
import type { Token } from './tokenize.js';

/** A labelled character span (training data). */
export interface LabelledSpan {
  type: string;
  start: number;
  end: number;
}

/** BIO tag ids for tokens given labelled character spans; a token overlapping a span belongs to it. */
export function bioTags(tokens: readonly Token[], spans: readonly LabelledSpan[]): Int32Array {
  const tags = new Int32Array(tokens.length);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (const span of sorted) {
    const b = beginTag(span.type);
    let first = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.end <= span.start || t.start >= span.end || tags[i] !== 0) continue;
      tags[i] = first ? b : b + 1;
      first = false;
    }
  }
  return tags;
}
