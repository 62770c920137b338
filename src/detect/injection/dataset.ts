import { readFileSync } from 'node:fs';
import type { TextSource } from '../recognizer.js';

/** One labelled text: a row of the shared dataset or of `training/injection/`. */
export interface LabelledText {
  text: string;
  label: 0 | 1;
  category: string;
  source: string;
  lang: string;
  split: 'train' | 'test' | 'holdout';
}

/** Reads a JSONL file of labelled texts; a malformed line is an error naming its line number. */
export function readLabelledJsonl(path: string): LabelledText[] {
  const rows: LabelledText[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let row: Partial<LabelledText>;
    try {
      row = JSON.parse(line) as Partial<LabelledText>;
    } catch {
      throw new Error(`${path}:${i + 1}: not valid JSON`);
    }
    if (
      typeof row.text !== 'string' ||
      (row.label !== 0 && row.label !== 1) ||
      typeof row.category !== 'string'
    ) {
      throw new Error(`${path}:${i + 1}: expected {text, label: 0|1, category}`);
    }
    rows.push({
      text: row.text,
      label: row.label,
      category: row.category,
      source: row.source ?? 'unknown',
      lang: row.lang ?? 'unknown',
      split: row.split === 'test' || row.split === 'holdout' ? row.split : 'train',
    });
  });
  return rows;
}

/** A stable 32-bit hash of a string (FNV-1a), for deterministic folds. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Documents and tool output are untrusted content; everything else is the user's own words. */
export function sourceOf(category: string): TextSource {
  return /^bipia_|^cse_indirect|^synthetic_(?:benign|injected)_(?:email|code|tool_output|long_document|table|support_thread|summary_translation)/.test(
    category,
  )
    ? 'untrusted'
    : 'trusted';
}
