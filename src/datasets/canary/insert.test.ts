import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../../crypto/index.js';
import { openMemoryStorage } from '../../storage/index.js';
import { canaryText, createCanary, parseTemplate, randomFill } from './canary.js';
import { createCanaryStore } from './canary-store.js';
import { insertCanaries } from './insert.js';

function dataset(n: number): { dir: string; input: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-canary-'));
  const input = join(dir, 'in.jsonl');
  const rows = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: i, text: `Ticket ${i}: the parcel is late.`, tag: 'x' }),
  );
  writeFileSync(input, rows.join('\n') + '\n');
  return { dir, input };
}

describe('canaries', () => {
  it('parses templates with exactly one slot and draws fills of the format', () => {
    expect(parseTemplate('code {digits:9}.')).toEqual({
      prefix: 'code ',
      suffix: '.',
      kind: 'digits',
      length: 9,
    });
    expect(() => parseTemplate('no slot')).toThrow();
    expect(() => parseTemplate('{digits:6} and {digits:6}')).toThrow();
    expect(randomFill('digits:9')).toMatch(/^\d{9}$/);
    expect(randomFill('alnum:12')).toMatch(/^[a-z0-9]{12}$/);
    expect(new Set(Array.from({ length: 50 }, () => randomFill('digits:9'))).size).toBe(50);
  });

  it('plants each canary `repeat` times in the longest string and nowhere else', async () => {
    const { dir, input } = dataset(40);
    const out = join(dir, 'out.jsonl');
    const result = await insertCanaries({ input, out, count: 3, repeat: 4, seed: 7 });
    const text = readFileSync(out, 'utf8');
    for (const c of result.canaries) {
      expect(text.split(c.secret).length - 1).toBe(4);
      expect(result.placements[c.id]).toHaveLength(4);
    }
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; tag: string });
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(rows.every((r) => r.tag === 'x')).toBe(true);
  });

  it('places canaries reproducibly for a seed while drawing new secrets', async () => {
    const { dir, input } = dataset(30);
    const a = await insertCanaries({ input, out: join(dir, 'a.jsonl'), count: 2, repeat: 3, seed: 1 });
    const b = await insertCanaries({ input, out: join(dir, 'b.jsonl'), count: 2, repeat: 3, seed: 1 });
    expect(Object.values(a.placements)).toEqual(Object.values(b.placements));
    expect(a.canaries[0]!.secret).not.toBe(b.canaries[0]!.secret);
  });

  it('stores canaries encrypted and reveals them only through the key ring', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-canary-store-'));
    const storage = openMemoryStorage();
    const keyRing = createKeyRing({ kms: createLocalKms([Buffer.alloc(32, 7)]), store: storage.dataKeys });
    const store = createCanaryStore(join(dir, 'canaries.jsonl'), keyRing);
    const canary = createCanary('The vault code is {digits:8}.', 5);
    await store.add([canary], 'tickets.jsonl');
    expect(readFileSync(join(dir, 'canaries.jsonl'), 'utf8')).not.toContain(canary.secret);
    const [entry] = store.list();
    expect(entry).toMatchObject({ id: canary.id, dataset: 'tickets.jsonl', format: 'digits:8', repeat: 5 });
    expect(canaryText(await store.reveal(entry!))).toBe(canaryText(canary));
    await keyRing.shred('system:canaries');
    await expect(store.reveal(entry!)).rejects.toThrow();
  });

  it('plans only over records that have a string to plant into, so every listed placement is real', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-canary-sparse-'));
    const input = join(dir, 'in.jsonl');
    // Nine records in ten have no string at all; the selected field is missing in some others.
    const rows = Array.from({ length: 60 }, (_, i) =>
      i % 10 === 0 ? { id: i, text: `Ticket ${i}` } : i % 10 === 5 ? { id: i, note: 'n' } : { id: i, n: i },
    );
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(dir, 'out.jsonl');
    const result = await insertCanaries({ input, out, count: 3, repeat: 4, seed: 3, fields: [['text']] });
    const text = readFileSync(out, 'utf8');
    for (const c of result.canaries) {
      expect(text.split(c.secret).length - 1).toBe(result.placements[c.id]!.length);
      expect(result.placements[c.id]!.every((line) => (line - 1) % 10 === 0)).toBe(true);
      expect(c.repeat).toBe(4);
    }
    expect(result.unplaced).toBe(0);
    await expect(
      insertCanaries({ input, out: join(dir, 'none.jsonl'), count: 1, repeat: 1, fields: [['missing']] }),
    ).rejects.toThrow(/no record has a string/);
  });

  it('stores the canaries before OUT is renamed into place, and leaves no OUT when storing fails', async () => {
    const { dir, input } = dataset(10);
    const out = join(dir, 'out.jsonl');
    let stored: string[] = [];
    const result = await insertCanaries({
      input,
      out,
      count: 2,
      repeat: 1,
      beforeCommit: (canaries) => {
        expect(existsSync(out)).toBe(false);
        stored = canaries.map((c) => c.id);
        return Promise.resolve();
      },
    });
    expect(stored).toEqual(result.canaries.map((c) => c.id));
    expect(existsSync(out)).toBe(true);
    const failing = join(dir, 'failing.jsonl');
    await expect(
      insertCanaries({
        input,
        out: failing,
        count: 1,
        repeat: 1,
        beforeCommit: () => Promise.reject(new Error('store unavailable')),
      }),
    ).rejects.toThrow('store unavailable');
    expect(existsSync(failing)).toBe(false);
  });

  it('skips and counts malformed records, or stops on them with onError fail', async () => {
    const { dir, input } = dataset(5);
    writeFileSync(input, readFileSync(input, 'utf8') + '{"id": broken\n');
    const result = await insertCanaries({ input, out: join(dir, 'o.jsonl'), count: 1, repeat: 1, seed: 1 });
    expect(result.issues).toMatchObject([{ position: 6, message: 'malformed JSON' }]);
    expect(result.issueCounts.skippedRecords).toBe(1);
    const failOut = join(dir, 'f.jsonl');
    await expect(
      insertCanaries({ input, out: failOut, count: 1, repeat: 1, onError: 'fail' }),
    ).rejects.toThrow(/in\.jsonl:6/);
    expect(existsSync(failOut)).toBe(false);
  });
});
