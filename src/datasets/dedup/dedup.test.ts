import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDeduplicator } from './deduplicator.js';
import { dedupFile } from './dedup-file.js';
import { optimalLshParams } from './lsh.js';
import { createMinHasher, estimateJaccard } from './minhash.js';
import { normalizeForDedup } from './normalize.js';

const TICKET =
  'Customer reports that the invoice generated on the billing page shows the wrong currency for orders ' +
  'placed from the Canadian storefront, and asks for a corrected copy to be sent by e-mail.';

describe('minhash', () => {
  it('estimates Jaccard similarity of shingle sets within sampling error', () => {
    const h = createMinHasher({ numPerm: 256 });
    const a = normalizeForDedup(TICKET);
    const b = normalizeForDedup(TICKET.replace('Canadian', 'Mexican'));
    const shingles = (s: string): Set<string> =>
      new Set(Array.from({ length: s.length - 4 }, (_, i) => s.slice(i, i + 5)));
    const [sa, sb] = [shingles(a), shingles(b)];
    const truth = [...sa].filter((x) => sb.has(x)).length / new Set([...sa, ...sb]).size;
    expect(Math.abs(estimateJaccard(h.signature(a), h.signature(b)) - truth)).toBeLessThan(0.08);
  });

  it('chooses LSH bands whose S-curve crosses near the threshold', () => {
    for (const t of [0.5, 0.8, 0.9]) {
      const { bands, rows } = optimalLshParams(t, 128);
      expect(bands * rows).toBeLessThanOrEqual(128);
      expect(Math.abs((1 / bands) ** (1 / rows) - t)).toBeLessThan(0.15);
    }
  });
});

describe('createDeduplicator', () => {
  it('catches exact repeats after normalisation, near-duplicates with varied suffixes, and keeps distinct texts', () => {
    const d = createDeduplicator({ threshold: 0.8 });
    expect(d.check(TICKET)).toEqual({ duplicate: false, id: 0 });
    expect(d.check(`  ${TICKET.toUpperCase()}!! `)).toEqual({ duplicate: 'exact', of: 0 });
    expect(d.check(`${TICKET} Ticket 4471.`)).toMatchObject({ duplicate: 'near', of: 0 });
    expect(
      d.check(
        'The password reset link expires after ten minutes; please request a new one from the login page.',
      ),
    ).toEqual({
      duplicate: false,
      id: 1,
    });
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => createDeduplicator({ threshold: 0 })).toThrow(RangeError);
  });
});

describe('dedupFile', () => {
  it('writes the kept records atomically and reports positions, never content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-dedup-'));
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    const rows = [
      { text: TICKET },
      { text: TICKET },
      { text: `${TICKET} (resent)` },
      { text: 'Unrelated short note about lunch.' },
    ];
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\nnot json\n');
    const report = await dedupFile({ input, out });
    expect(report).toMatchObject({ records: 4, kept: 2, exactDuplicates: 1, nearDuplicates: 1 });
    expect(report.issues).toEqual([{ file: input, position: 5, message: 'malformed JSON', fatal: false }]);
    expect(report.examples.map((e) => [e.position, e.duplicateOf, e.kind])).toEqual([
      [2, 1, 'exact'],
      [3, 1, 'near'],
    ]);
    expect(JSON.stringify(report)).not.toContain('invoice');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('leaves no output when the run fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-dedup-'));
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, '{"t":"a"}\nbroken\n');
    await expect(dedupFile({ input, out: join(dir, 'out.jsonl'), onError: 'fail' })).rejects.toThrow(
      'in.jsonl:2: malformed JSON',
    );
    expect(existsSync(join(dir, 'out.jsonl'))).toBe(false);
    expect(readFileSync(input, 'utf8')).toContain('broken');
  });

  it('lists the first issues and counts the rest; a JSON array broken midway keeps what came before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-dedup-'));
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, ['{"t":"a"}', ...Array<string>(30).fill('broken'), '{"t":"b"}'].join('\n'));
    const report = await dedupFile({ input, out: join(dir, 'out.jsonl'), maxIssues: 5 });
    expect(report.issues).toHaveLength(5);
    expect(report.issueCounts).toMatchObject({ total: 30, notListed: 25, skippedRecords: 30 });
    expect(report.kept).toBe(2);

    const array = join(dir, 'in.json');
    writeFileSync(array, '[{"t":"a"},\n{"t":"a"},\n{"t":"b"},\n{"t": ?},\n{"t":"c"}]\n');
    const out = join(dir, 'out.json');
    const partial = await dedupFile({ input: array, out });
    expect(partial).toMatchObject({ records: 3, kept: 2, exactDuplicates: 1 });
    expect(partial.issueCounts).toMatchObject({ incompleteFiles: 1, unreadLines: 2 });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([{ t: 'a' }, { t: 'b' }]);
    // Nothing read at all: no empty output, an error naming the line.
    writeFileSync(array, '[{"t": ?}]');
    await expect(dedupFile({ input: array, out: join(dir, 'none.json') })).rejects.toThrow('in.json:1');
    expect(existsSync(join(dir, 'none.json'))).toBe(false);
  });
});
