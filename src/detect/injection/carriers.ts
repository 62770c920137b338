import type { LabelledText } from './dataset.js';

/**
 * Categories built by planting one instruction into an otherwise unchanged document (BIPIA's method).
 * Other sets vary the document too (the synthetic threads) or share the instruction's words across rows
 * (CyberSecEval's indirect set), so a common prefix and suffix there may hold the instruction itself.
 */
const PLANTED = /^bipia_[a-z]+_injected$/;

/** Share of both texts that the common prefix and suffix must cover to call them one carrier. */
const MIN_SHARED = 0.5;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/**
 * Benign carrier documents recovered from indirect attacks. BIPIA's indirect attacks plant different instructions into the same e-mail, table or code file; labelling every chunk
 * of such a row an attack teaches the model that the carrier itself is suspicious (a plain table then
 * scores 0.99). Two attack rows of one category that share a long prefix and suffix differ only where
 * their instructions sit, so prefix + suffix is the carrier without either instruction: a benign
 * example (category `<category>:carrier`). Only whole lines are kept, so an instruction planted inside a
 * line takes its line with it. Reads only the rows it is given (the train split).
 */
export function carrierNegatives(rows: readonly LabelledText[]): LabelledText[] {
  const byCategory = new Map<string, LabelledText[]>();
  for (const r of rows) {
    if (r.label !== 1 || !PLANTED.test(r.category)) continue;
    byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
  }
  const seen = new Set(rows.map((r) => r.text));
  const out: LabelledText[] = [];
  for (const group of byCategory.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!.text;
        const b = group[j]!.text;
        // Two instructions may share words ("... in your answer."): keep whole lines only, so no part
        // of an instruction's line counts as carrier.
        const common = commonPrefix(a, b);
        const prefix = a.lastIndexOf('\n', common - 1) + 1;
        const tail = commonSuffix(a, b, Math.min(a.length, b.length) - common);
        const cut = a.indexOf('\n', a.length - tail);
        const suffix = cut < 0 ? 0 : a.length - cut - 1;
        const shared = prefix + suffix;
        if (shared === a.length || shared === b.length) continue; // one holds the other: no carrier
        if (shared < MIN_SHARED * Math.max(a.length, b.length)) continue;
        const text = a.slice(0, prefix) + a.slice(a.length - suffix);
        if (seen.has(text)) continue;
        seen.add(text);
        const row = group[i]!;
        out.push({ ...row, text, label: 0, category: `${row.category}:carrier` });
      }
    }
  }
  return out;
}
