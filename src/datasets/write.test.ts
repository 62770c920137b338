import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDataset } from './read.js';
import { createDatasetWriter } from './write.js';

describe('createDatasetWriter', () => {
  it('gzip-compresses an output whose name ends in .gz, which the reader reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-write-'));
    const out = join(dir, 'out.jsonl.gz');
    const writer = createDatasetWriter(out, 'jsonl');
    for (let i = 0; i < 3; i++) await writer.write({ i });
    await writer.commit();
    expect(gunzipSync(readFileSync(out)).toString('utf8')).toBe('{"i":0}\n{"i":1}\n{"i":2}\n');
    const values: unknown[] = [];
    for await (const item of readDataset(out)) if (item.kind === 'record') values.push(item.record.value);
    expect(values).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(readdirSync(dir)).toEqual(['out.jsonl.gz']);
  });

  it('runs the hook with the data on disk and before the rename, and an abort leaves nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-write-'));
    const out = join(dir, 'a.json.gz');
    const writer = createDatasetWriter(out, 'json');
    await writer.write({ a: 1 });
    let seen: boolean | undefined;
    await writer.commit(() => {
      seen = existsSync(out);
      return Promise.resolve();
    });
    expect(seen).toBe(false);
    expect(JSON.parse(gunzipSync(readFileSync(out)).toString('utf8'))).toEqual([{ a: 1 }]);
    const aborted = createDatasetWriter(join(dir, 'b.jsonl.gz'), 'jsonl');
    await aborted.write({ b: 1 });
    await aborted.abort();
    expect(readdirSync(dir)).toEqual(['a.json.gz']);
  });
});
