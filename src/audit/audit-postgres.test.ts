import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openPostgresStorage, type Storage } from '../storage/index.js';
import { TEST_POSTGRES_URL, testBackends } from '../storage/contract/backends.js';
import { openAuditLog } from './open-audit.js';
import { verifyAuditLog } from './verify.js';

// testBackends() decides whether PostgreSQL runs here (and fails under CI=true when it is missing).
const postgres = (await testBackends()).find((b) => b.name === 'postgres')!;
const schema = `bulwark_audit_${process.pid}_${randomBytes(4).toString('hex')}`;
const opened: Storage[] = [];

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  if (postgres.skip !== undefined) return;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.skipIf(postgres.skip !== undefined)('audit log on one PostgreSQL shared by several writers', () => {
  it('produces one totally ordered, verifiable log from concurrent replicas', async () => {
    const root = randomBytes(32);
    // Three "replicas": separate pools and key rings on the same database and root key.
    const replicas = await Promise.all(
      [0, 1, 2].map(async () => {
        const storage = await openPostgresStorage({ url: TEST_POSTGRES_URL, schema, max: 4 });
        opened.push(storage);
        const keyRing = createKeyRing({ kms: createLocalKms([root]), store: storage.dataKeys });
        return openAuditLog({ store: storage.audit, keyRing, checkpointEvery: 25, checkpointIntervalMs: 0 });
      }),
    );
    const perReplica = 40;
    const receipts = await Promise.all(
      replicas.flatMap((log, r) =>
        Array.from({ length: perReplica }, (_, i) =>
          log.append({ kind: 'request', requestId: `r${r}-${i}`, principal: `replica-${r}`, status: 200 }),
        ),
      ),
    );
    await Promise.all(replicas.map((log) => log.close()));
    const seqs = receipts.map((r) => r.seq!).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 3 * perReplica }, (_, i) => i)); // no gaps, no duplicates
    // All replicas derived the same signing key from the shared wrapped system key.
    expect(new Set(replicas.map((l) => l.signer.publicKey)).size).toBe(1);
    const result = await verifyAuditLog({
      store: opened[0]!.audit,
      publicKey: replicas[0]!.signer.publicKey,
    });
    expect(result).toMatchObject({ ok: true, from: 0, size: 3 * perReplica });
    expect(result.checkpointsChecked).toBeGreaterThanOrEqual(2); // every-N ones plus the final ones on close
  });
});
