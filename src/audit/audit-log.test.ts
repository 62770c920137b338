import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBulwarkError } from '../core/index.js';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage, openSqliteStorage, type AuditStore, type Storage } from '../storage/index.js';
import { createAuditLog } from './audit-log.js';
import { checkpointVerifier } from './checkpoint.js';
import { openAuditLog } from './open-audit.js';
import { verifyAuditLog } from './verify.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const sqlite = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
  dirs.push(dir);
  return { dir, storage: openSqliteStorage({ path: join(dir, 'bulwark.db') }) };
};
const keyRingFor = (storage: Storage) =>
  createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
const request = (i: number) => ({
  kind: 'request' as const,
  requestId: `req-${i}`,
  tenant: 'acme',
  status: 200,
});

/** Wraps a store so appends can be slowed down or made to fail. */
function flaky(store: AuditStore, control: { delayMs: number; failures: number }): AuditStore {
  return {
    ...store,
    async append(build) {
      await new Promise((r) => setTimeout(r, control.delayMs));
      if (control.failures > 0) {
        control.failures--;
        throw new Error('database went away');
      }
      return store.append(build);
    },
  };
}

describe('audit log', () => {
  it('keeps no prompt, response, transcript or secret in plain text anywhere in the database files', async () => {
    const { dir, storage } = sqlite();
    const keyRing = keyRingFor(storage);
    const log = await openAuditLog({ store: storage.audit, keyRing, checkpointEvery: 2 });
    const secret = 'AKIA' + randomBytes(8).toString('hex').toUpperCase();
    const email = `planted.${randomBytes(4).toString('hex')}@example.com`;
    const prompt = `my key is ${secret}, mail ${email}`;
    const receipt = await log.append({
      ...request(1),
      prompt,
      response: `noted ${email}`,
      transcript: `user: ${prompt}`,
      findings: { AWS_ACCESS_KEY: 1, EMAIL: 1 },
    });
    await log.close();
    const entry = (await storage.audit.getById(receipt.id))!;
    const record = JSON.parse(entry.body) as Record<string, string>;
    expect(record.promptDigest).toBe(log.digester.digest(prompt)); // matchable by whoever holds the key
    expect(record.responseDigest).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(String(await keyRing.decrypt(Buffer.from(record.transcript!, 'base64'), receipt.id))).toBe(
      `user: ${prompt}`,
    );
    await storage.close();
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      for (const planted of [secret, email, 'my key is'])
        expect(bytes.includes(planted), `${file} holds ${planted.slice(0, 4)}…`).toBe(false);
    }
  });

  it('refuses unknown fields, naming the field and not its value', async () => {
    const storage = openMemoryStorage();
    const log = await openAuditLog({ store: storage.audit, keyRing: keyRingFor(storage) });
    const error = await log
      .append({ ...request(1), note: 'the prompt text' } as never)
      .catch((e: unknown) => e);
    expect(isBulwarkError(error) && error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(error)).not.toContain('the prompt text');
    expect(JSON.stringify((error as { details: unknown }).details)).toContain('note');
    expect((await storage.audit.head()).size).toBe(0);
  });

  it('acknowledges a durable append only once it is stored, and checkpoints every N records', async () => {
    const storage = openMemoryStorage();
    const log = await openAuditLog({
      store: storage.audit,
      keyRing: keyRingFor(storage),
      checkpointEvery: 10,
    });
    for (let i = 0; i < 25; i++) {
      const r = await log.append(request(i));
      expect(r.seq).toBe(i);
      expect(await storage.audit.getById(r.id)).toBeDefined();
    }
    const verifier = checkpointVerifier(log.signer.publicKey);
    const cps = await storage.audit.checkpoints();
    expect(cps.map((c) => c.treeSize)).toEqual([10, 20]);
    expect(cps.every((c) => verifier.verify(c))).toBe(true);
    await log.close();
    expect((await storage.audit.checkpoints()).at(-1)?.treeSize).toBe(25);
    expect(await verifyAuditLog({ store: storage.audit, publicKey: log.signer.publicKey })).toMatchObject({
      ok: true,
      size: 25,
    });
  });

  it('signs a checkpoint on a timer while records arrive', async () => {
    const storage = openMemoryStorage();
    const log = await openAuditLog({
      store: storage.audit,
      keyRing: keyRingFor(storage),
      checkpointIntervalMs: 30,
    });
    await log.append(request(1));
    await new Promise((r) => setTimeout(r, 120));
    expect((await storage.audit.checkpoints()).map((c) => c.treeSize)).toEqual([1]);
    await log.close();
  });

  it('group-commits concurrent durable appends into one gap-free log', async () => {
    const storage = openMemoryStorage();
    const control = { delayMs: 5, failures: 0 };
    const log = await openAuditLog({
      store: flaky(storage.audit, control),
      keyRing: keyRingFor(storage),
      maxBatch: 16,
    });
    const receipts = await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(request(i))));
    expect(receipts.map((r) => r.seq).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    await log.close();
    expect((await verifyAuditLog({ store: storage.audit, publicKey: log.signer.publicKey })).ok).toBe(true);
  });

  it('commits records that arrive in the same turn of the event loop together, even on a store that never waits', async () => {
    const { storage } = sqlite();
    let transactions = 0;
    const counted: AuditStore = {
      ...storage.audit,
      append(build) {
        transactions++;
        return storage.audit.append(build);
      },
    };
    const log = await openAuditLog({ store: counted, keyRing: keyRingFor(storage) });
    // Requests in flight reach the log from separate callbacks of one event-loop phase, as I/O
    // completions do; SQLite's write is synchronous, so without a pause each would commit alone.
    const receipts = await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) =>
          new Promise<{ seq?: number }>((resolve, reject) =>
            setImmediate(() => void log.append(request(i)).then(resolve, reject)),
          ),
      ),
    );
    expect(new Set(receipts.map((r) => r.seq)).size).toBe(50);
    expect(transactions).toBeLessThanOrEqual(3);
    await log.close();
    await storage.close();
  });

  it('fails closed in durable mode when the store fails', async () => {
    const storage = openMemoryStorage();
    const log = await openAuditLog({
      store: flaky(storage.audit, { delayMs: 0, failures: 1 }),
      keyRing: keyRingFor(storage),
    });
    const error = await log.append(request(1)).catch((e: unknown) => e);
    expect(isBulwarkError(error) && error.code).toBe('AUDIT_UNAVAILABLE');
    expect((await log.append(request(2))).seq).toBe(0);
    await log.close();
  });

  it('in async mode returns before the write, retries failures in order, and flushes', async () => {
    const storage = openMemoryStorage();
    const errors: unknown[] = [];
    const log = await openAuditLog({
      store: flaky(storage.audit, { delayMs: 2, failures: 2 }),
      keyRing: keyRingFor(storage),
      mode: 'async',
      onError: (e) => errors.push(e),
    });
    const receipts = [];
    for (let i = 0; i < 20; i++) receipts.push(await log.append(request(i)));
    expect(receipts.every((r) => r.seq === undefined)).toBe(true);
    await log.flush();
    expect(errors.length).toBe(2);
    const stored = await storage.audit.range(0, 100);
    expect(stored.map((e) => e.id)).toEqual(receipts.map((r) => r.id)); // order kept across retries
    await log.close();
  });

  it('applies back-pressure in async mode: the buffer never exceeds its bound, and a stuck store fails appends', async () => {
    const storage = openMemoryStorage();
    const control = { delayMs: 20, failures: 0 };
    const { signer } = await openAuditLog({ store: storage.audit, keyRing: keyRingFor(storage) });
    const log = createAuditLog({
      store: flaky(storage.audit, control),
      signer,
      digester: { keyId: 'dg_test', digest: () => 'hmac-sha256:00' },
      mode: 'async',
      bufferSize: 5,
      maxBatch: 2,
      enqueueTimeoutMs: 10_000,
    });
    let maxPending = 0;
    for (let i = 0; i < 30; i++) {
      await log.append(request(i));
      maxPending = Math.max(maxPending, log.pending);
    }
    expect(maxPending).toBeLessThanOrEqual(5);
    await log.flush();
    expect((await storage.audit.head()).size).toBe(30);

    control.delayMs = 10_000; // the store hangs
    const stuck = createAuditLog({
      store: flaky(storage.audit, control),
      signer,
      digester: { keyId: 'dg_test', digest: () => 'hmac-sha256:00' },
      mode: 'async',
      bufferSize: 2,
      maxBatch: 1,
      enqueueTimeoutMs: 50,
    });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => stuck.append(request(i))));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => isBulwarkError(r.reason) && r.reason.code === 'AUDIT_UNAVAILABLE')).toBe(
      true,
    );
  });

  it('does not hang on close when the store keeps failing in async mode', async () => {
    const storage = openMemoryStorage();
    const errors: unknown[] = [];
    const log = await openAuditLog({
      store: flaky(storage.audit, { delayMs: 1, failures: 1_000_000 }),
      keyRing: keyRingFor(storage),
      mode: 'async',
      onError: (e) => errors.push(e),
    });
    await log.append(request(1));
    await expect(log.close()).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    await expect(log.append(request(2))).rejects.toThrow(/closed/);
  });
});
