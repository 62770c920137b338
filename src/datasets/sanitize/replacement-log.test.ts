import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextField } from '../fields.js';
import { createReplacementLog, isOurs } from './replacement-log.js';

const record = (i: number): TextField[] => [
  { keys: ['id'], path: 'id', text: `ticket ${i}` },
  { keys: ['text'], path: 'text', text: `hello user_${i}@example.invalid` },
];
const finding = (start: number, end: number) => ({ type: 'EMAIL', start, end, score: 1, recognizer: 't' });

describe('replacement log', () => {
  it('matches re-read records in step, passes over records the reader skipped, and holds at most its window', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bulwark-marks-')), 'marks');
    const log = createReplacementLog(path);
    for (let i = 0; i < 10; i++) await log.add(record(i), { text: [[6, 6 + i]] });
    await log.close();
    expect(readFileSync(path, 'utf8')).not.toContain('example.invalid');
    const reader = log.reader(4);
    expect(await reader.match(record(0))).toEqual({ text: [[6, 6]] });
    expect(await reader.match(record(2))).toEqual({ text: [[6, 8]] });
    // Not among the next four entries: no spans, and nothing consumed.
    expect(await reader.match(record(9))).toBeUndefined();
    expect(await reader.match(record(3))).toEqual({ text: [[6, 9]] });
    // CSV writes a dropped field back as an empty column, and may order columns differently.
    expect(await reader.match([...record(4).reverse(), { keys: ['x'], path: 'x', text: '' }])).toEqual({
      text: [[6, 10]],
    });
    await reader.close();
    log.remove();
    expect(existsSync(path)).toBe(false);
  });

  it('counts a finding as ours only when it lies inside one of our spans in that field', () => {
    const spans = { text: [[6, 30]] as [number, number][] };
    expect(isOurs(spans, 'text', finding(6, 30))).toBe(true);
    expect(isOurs(spans, 'text', finding(10, 20))).toBe(true);
    expect(isOurs(spans, 'text', finding(0, 30))).toBe(false);
    expect(isOurs(spans, 'note', finding(6, 30))).toBe(false);
    expect(isOurs(undefined, 'text', finding(6, 30))).toBe(false);
  });
});
