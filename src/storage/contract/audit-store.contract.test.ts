import { createHash, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditAppendBuilder, AuditEntry, AuditStore } from '../ports/audit-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

// A toy builder: the contract is about ordering and atomicity, not about audit's real hashing.
const builder =
  (bodies: string[], time = new Date().toISOString()): AuditAppendBuilder =>
  (head) => {
    let chain = head.chainHash;
    const entries: AuditEntry[] = bodies.map((body, i) => {
      const leafHash = sha(body);
      chain = sha(chain + leafHash);
      return { seq: head.size + i, id: randomUUID(), time, body, leafHash, chainHash: chain };
    });
    return {
      entries,
      head: {
        ...head,
        size: head.size + bodies.length,
        chainHash: chain,
        frontier: [...head.frontier, chain],
      },
    };
  };

async function all(store: AuditStore): Promise<AuditEntry[]> {
  return store.range(0, 1_000_000);
}

describe.each(backends)('AuditStore contract: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);

  it_('appends in order, assigns consecutive seqs and moves the head in the same step', async () => {
    const { audit } = await backend.open();
    expect((await audit.head()).size).toBe(0);
    const first = await audit.append(builder(['a', 'b']));
    const second = await audit.append(builder(['c']));
    expect([...first, ...second].map((e) => e.seq)).toEqual([0, 1, 2]);
    const head = await audit.head();
    expect(head.size).toBe(3);
    expect(head.chainHash).toBe(second[0]!.chainHash);
    expect(head.frontier).toHaveLength(2); // the toy builder adds one per append
    expect((await all(audit)).map((e) => e.body)).toEqual(['a', 'b', 'c']);
    expect(await audit.getById(first[1]!.id)).toEqual(first[1]);
    expect(await audit.range(1, 1)).toEqual([first[1]]);
  });

  it_('serialises concurrent appends into one gap-free chain', async () => {
    const { audit } = await backend.open();
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit.append(builder([`r${i}`]))));
    const entries = await all(audit);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    let chain = '0'.repeat(64);
    for (const e of entries) expect(e.chainHash).toBe((chain = sha(chain + e.leafHash)));
  });

  it_('rolls back everything when the builder throws or breaks the seq contract', async () => {
    const { audit } = await backend.open();
    await audit.append(builder(['a']));
    await expect(
      audit.append(() => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      audit.append((head) => {
        const r = builder(['x'])(head);
        r.entries[0]!.seq += 5;
        return r;
      }),
    ).rejects.toThrow(/seq/);
    expect((await audit.head()).size).toBe(1);
    expect(await all(audit)).toHaveLength(1);
  });

  it_('finds the first record at or after a time', async () => {
    const { audit } = await backend.open();
    await audit.append(builder(['old'], '2026-01-01T00:00:00.000Z'));
    await audit.append(builder(['new'], '2026-03-01T00:00:00.000Z'));
    expect(await audit.firstSeqAtOrAfter('2026-02-01T00:00:00.000Z')).toBe(1);
    expect(await audit.firstSeqAtOrAfter('2025-01-01T00:00:00.000Z')).toBe(0);
    expect(await audit.firstSeqAtOrAfter('2027-01-01T00:00:00.000Z')).toBeUndefined();
  });

  it_('keeps one checkpoint per tree size, ordered', async () => {
    const { audit } = await backend.open();
    const cp = (treeSize: number, signature = 'sig') => ({
      treeSize,
      rootHash: sha(`root${treeSize}`),
      chainHash: sha(`chain${treeSize}`),
      time: '2026-05-01T00:00:00.000Z',
      keyId: 'ak_1',
      signature,
      frontier: [sha('f')],
    });
    await audit.addCheckpoint(cp(8));
    await audit.addCheckpoint(cp(4));
    await audit.addCheckpoint(cp(8, 'other'));
    const cps = await audit.checkpoints();
    expect(cps.map((c) => c.treeSize)).toEqual([4, 8]);
    expect(cps[1]).toEqual(cp(8));
  });

  it_('purges a prefix and records where the retained log starts', async () => {
    const { audit } = await backend.open();
    await audit.append(builder(['a', 'b', 'c', 'd']));
    expect(await audit.purgeBefore(2)).toBe(2);
    expect((await audit.head()).retainedFrom).toBe(2);
    expect((await all(audit)).map((e) => e.seq)).toEqual([2, 3]);
    await audit.append(builder(['e']));
    expect((await audit.head()).size).toBe(5);
  });
});
