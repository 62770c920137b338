import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openSqliteStorage, type Storage } from '../storage/index.js';
import { chainNext } from './chain.js';
import { frontierAppend, leafHash, verifyConsistency, verifyInclusion } from './merkle.js';
import { openAuditLog } from './open-audit.js';
import { proveConsistency, proveInclusion } from './proofs.js';
import { exportAuditLog } from './export.js';
import { purgeAuditLog } from './retention.js';
import { verifyAuditLog } from './verify.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

let storage: Storage;
let raw: DatabaseSync;
let publicKey: string;
let signer: Awaited<ReturnType<typeof openAuditLog>>['signer'];
let keyRing: ReturnType<typeof createKeyRing>;
const N = 30;

/** 30 records, one a minute from 2026-01-01, checkpoints at 8, 16, 24 and (on close) 30. */
beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-verify-'));
  dirs.push(dir);
  storage = openSqliteStorage({ path: join(dir, 'bulwark.db') });
  keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  let minute = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, minute++));
  const log = await openAuditLog({
    store: storage.audit,
    keyRing,
    checkpointEvery: 8,
    checkpointIntervalMs: 0,
    now,
  });
  for (let i = 0; i < N; i++)
    await log.append({ kind: 'request', requestId: `req-${i}`, status: 200, prompt: `p${i}` });
  await log.close();
  publicKey = log.signer.publicKey;
  signer = log.signer;
  raw = new DatabaseSync(join(dir, 'bulwark.db'));
  return () => {
    raw.close();
    return storage.close();
  };
});

interface ExportLine {
  type: string;
  seq: number;
  rootHash: string;
  leafHash: string;
  record: unknown;
  proof: { treeSize: number; path: string[] };
}

const verify = () => verifyAuditLog({ store: storage.audit, publicKey });
const row = (seq: number) => raw.prepare('SELECT * FROM audit_entries WHERE seq = ?').get(seq)!;

/** Re-hashes every record from `seq` on, as an attacker with write access but no signing key would. */
function rehashFrom(seq: number) {
  let chain = String(row(seq - 1).chain_hash);
  for (let s = seq; s < N; s++) {
    const leaf = leafHash(Buffer.from(String(row(s).body))).toString('hex');
    chain = chainNext(chain, leaf);
    raw.prepare('UPDATE audit_entries SET leaf_hash = ?, chain_hash = ? WHERE seq = ?').run(leaf, chain, s);
  }
  let frontier: Buffer[] = [];
  for (let s = 0; s < N; s++)
    frontier = frontierAppend(frontier, s, Buffer.from(String(row(s).leaf_hash), 'hex'));
  raw
    .prepare('UPDATE audit_head SET chain_hash = ?, frontier = ?')
    .run(chain, JSON.stringify(frontier.map((f) => f.toString('hex'))));
}

describe('audit verification', () => {
  it('accepts an untouched log and checks every checkpoint', async () => {
    expect(await verify()).toEqual({ ok: true, from: 0, size: N, checkpointsChecked: 4 });
  });

  it('names an edited record', async () => {
    raw
      .prepare(`UPDATE audit_entries SET body = replace(body, '"status":200', '"status":500') WHERE seq = 12`)
      .run();
    expect((await verify()).problem).toMatchObject({ position: 12, kind: 'edited' });
  });

  it('names an edited record whose leaf hash was recomputed', async () => {
    const body = String(row(12).body).replace('"status":200', '"status":500');
    raw
      .prepare('UPDATE audit_entries SET body = ?, leaf_hash = ? WHERE seq = 12')
      .run(body, leafHash(Buffer.from(body)).toString('hex'));
    expect((await verify()).problem).toMatchObject({ position: 12, kind: 'edited' });
  });

  it('catches a rewrite that recomputes every hash, through the signed checkpoints', async () => {
    const body = String(row(12).body).replace('"status":200', '"status":500');
    raw.prepare('UPDATE audit_entries SET body = ? WHERE seq = 12').run(body);
    rehashFrom(12);
    const { problem } = await verify();
    expect(problem).toMatchObject({ position: 8, kind: 'edited' }); // the checkpoint at 8 still matched
    expect(problem?.message).toContain('[8, 16)');
  });

  it('names a deleted record, with or without renumbering the rest', async () => {
    raw.prepare('DELETE FROM audit_entries WHERE seq = 12').run();
    expect((await verify()).problem).toMatchObject({ position: 12, kind: 'deleted' });
    raw.prepare('UPDATE audit_entries SET seq = seq - 1 WHERE seq > 12').run();
    expect((await verify()).problem).toMatchObject({ position: 12, kind: 'deleted' });
  });

  it('names an inserted record even when its own hashes are consistent', async () => {
    raw.prepare('UPDATE audit_entries SET seq = seq + 1000 WHERE seq >= 12').run();
    raw.prepare('UPDATE audit_entries SET seq = seq - 999 WHERE seq >= 1000').run();
    const body = String(row(13).body)
      .replace('req-12', 'req-forged')
      .replace(/"id":"[^"]+"/, '"id":"forged"');
    const leaf = leafHash(Buffer.from(body)).toString('hex');
    const chain = chainNext(String(row(11).chain_hash), leaf);
    raw
      .prepare('INSERT INTO audit_entries VALUES (12, ?, ?, ?, ?, ?)')
      .run('forged', '2026-01-01T00:12:30.000Z', body, leaf, chain);
    expect((await verify()).problem).toMatchObject({ position: 12, kind: 'inserted' });
  });

  it('names reordered records', async () => {
    const [a, b] = [row(12), row(13)];
    const swap = raw.prepare(
      'UPDATE audit_entries SET id = ?, time = ?, body = ?, leaf_hash = ?, chain_hash = ? WHERE seq = ?',
    );
    raw.prepare("UPDATE audit_entries SET id = id || '-tmp' WHERE seq IN (12, 13)").run();
    swap.run(String(b.id), String(b.time), String(b.body), String(b.leaf_hash), String(b.chain_hash), 12);
    swap.run(String(a.id), String(a.time), String(a.body), String(a.leaf_hash), String(a.chain_hash), 13);
    expect((await verify()).problem).toMatchObject({ position: 12, kind: 'reordered' });
  });

  it('names truncation, even when the head row is rolled back too', async () => {
    raw.prepare('DELETE FROM audit_entries WHERE seq >= 27').run();
    expect((await verify()).problem).toMatchObject({ position: 27, kind: 'truncated' });
    raw.prepare('UPDATE audit_head SET size = 27').run();
    expect((await verify()).problem).toMatchObject({ position: 27, kind: 'truncated' });
  });

  it('rejects a forged checkpoint signature and a foreign public key', async () => {
    raw.prepare(`UPDATE audit_checkpoints SET root_hash = '${'ab'.repeat(32)}' WHERE tree_size = 16`).run();
    expect((await verify()).problem).toMatchObject({ position: 16, kind: 'checkpoint' });
    const foreign = Buffer.alloc(32, 9).toString('base64');
    expect((await verifyAuditLog({ store: storage.audit, publicKey: foreign })).ok).toBe(false);
  });

  it('proves inclusion of every record and consistency between checkpoints', async () => {
    for (let seq = 0; seq < N; seq++) {
      const p = await proveInclusion(storage.audit, String(seq));
      const leaf = Buffer.from(p.leafHash, 'hex');
      expect(
        verifyInclusion(
          p.seq,
          p.treeSize,
          leaf,
          p.path.map((h) => Buffer.from(h, 'hex')),
          Buffer.from(p.rootHash, 'hex'),
        ),
      ).toBe(true);
    }
    const byId = await proveInclusion(storage.audit, String(row(5).id));
    expect(byId.seq).toBe(5);
    for (const [a, b] of [
      [8, 30],
      [16, 24],
      [24, 30],
    ] as const) {
      const c = await proveConsistency(storage.audit, a, b);
      const proof = c.proof.map((h) => Buffer.from(h, 'hex'));
      expect(
        verifyConsistency(
          a,
          b,
          proof,
          Buffer.from(c.first.rootHash, 'hex'),
          Buffer.from(c.second.rootHash, 'hex'),
        ),
      ).toBe(true);
    }
  });

  it('purges expired records and still verifies, proves and detects tampering in what remains', async () => {
    const { purged, retainedFrom } = await purgeAuditLog({
      store: storage.audit,
      log: await openAuditLog({
        store: storage.audit,
        keyRing,
      }),
      signer,
      before: String(row(10).time),
    });
    expect([purged, retainedFrom]).toEqual([10, 10]);
    // Verification resumes from the anchor at 10; the purge itself is the newest record.
    const result = await verifyAuditLog({ store: storage.audit, publicKey: signer.publicKey });
    expect(result).toMatchObject({ ok: true, from: 10, size: N + 1 });
    const p = await proveInclusion(storage.audit, '20');
    expect(
      verifyInclusion(
        20,
        p.treeSize,
        Buffer.from(p.leafHash, 'hex'),
        p.path.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(p.rootHash, 'hex'),
      ),
    ).toBe(true);
    raw.prepare('DELETE FROM audit_entries WHERE seq = 10').run();
    expect(
      (await verifyAuditLog({ store: storage.audit, publicKey: signer.publicKey })).problem,
    ).toMatchObject({ position: 10, kind: 'deleted' });
  });

  it('exports JSONL with checkpoints and proofs that verify, from a given time', async () => {
    const lines: string[] = [];
    const result = await exportAuditLog({
      store: storage.audit,
      publicKey,
      since: String(row(20).time),
      write: (l) => void lines.push(l),
    });
    expect(result).toEqual({ records: 10, checkpoints: 4, treeSize: N });
    const parsed = lines.map((l) => JSON.parse(l) as ExportLine);
    expect(parsed[0]).toMatchObject({ type: 'header', publicKey, from: 20 });
    const root = Buffer.from(parsed.filter((l) => l.type === 'checkpoint').at(-1)!.rootHash, 'hex');
    const records = parsed.filter((l) => l.type === 'record');
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
    for (const r of records) {
      const proof = r.proof;
      const leaf = leafHash(Buffer.from(JSON.stringify(r.record)));
      expect(leaf.toString('hex')).toBe(r.leafHash);
      expect(
        verifyInclusion(
          r['seq'],
          proof.treeSize,
          leaf,
          proof.path.map((h) => Buffer.from(h, 'hex')),
          root,
        ),
      ).toBe(true);
    }
  });
});
