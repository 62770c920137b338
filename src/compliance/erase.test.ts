import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditLog, verifyAuditLog } from '../audit/index.js';
import { isBulwarkError } from '../core/index.js';
import {
  createKeyRing,
  createLocalKms,
  dataKeyContext,
  open,
  parseCiphertext,
  subjects,
} from '../crypto/index.js';
import { openSqliteStorage } from '../storage/index.js';
import { eraseSubject } from './erase.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-erase-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eraseSubject', () => {
  it('deletes conversations, shreds the key so no held key decrypts a kept copy, audits it, and the log verifies', async () => {
    const root = randomBytes(32);
    const storage = openSqliteStorage({ path: join(dir, 'bulwark.db') });
    const kms = createLocalKms([root]);
    const keyRing = createKeyRing({ kms, store: storage.dataKeys });
    const audit = await openAuditLog({ store: storage.audit, keyRing, checkpointEvery: 5 });
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000).toISOString();
    const seal = (principal: string) =>
      keyRing.encrypt(subjects.dataSubject('acme', principal), `history of ${principal}`, 'c1');
    const backup = await seal('user-42'); // e.g. a copy in last night's backup
    for (const principal of ['user-42', 'user-7'])
      await storage.conversations.put(
        {
          tenant: 'acme',
          principal,
          conversationId: 'c1',
          payload: await seal(principal),
          version: 1,
          updatedAt: now.toISOString(),
          expiresAt: later,
        },
        0,
      );
    for (let i = 0; i < 7; i++)
      await audit.append({ kind: 'request', tenant: 'acme', principal: 'user-42', status: 200 });

    const result = await eraseSubject({
      storage,
      keyRing,
      audit,
      digester: audit.digester,
      tenant: 'acme',
      subject: 'user-42',
      actor: 'dpo',
    });
    expect(result).toMatchObject({ conversationsDeleted: 1, keyDestroyed: true });

    expect(
      await storage.conversations.get({ tenant: 'acme', principal: 'user-42', conversationId: 'c1' }),
    ).toBeUndefined();
    expect(
      await storage.conversations.get({ tenant: 'acme', principal: 'user-7', conversationId: 'c1' }),
    ).toBeDefined();
    const failure = await createKeyRing({ kms, store: storage.dataKeys })
      .decrypt(backup, 'c1')
      .catch((e: unknown) => e);
    expect(isBulwarkError(failure) && failure.code).toBe('DATA_KEY_DESTROYED');
    const parsed = parseCiphertext(backup);
    for (const row of await storage.dataKeys.list()) {
      const key = await kms.unwrap(row.wrapped, row.rootKeyId, dataKeyContext(row.keyId, row.subject));
      expect(() => open(key, parsed, Buffer.from('c1'))).toThrow();
    }
    expect(() => open(root, parsed, Buffer.from('c1'))).toThrow();

    await audit.close();
    const record = JSON.parse((await storage.audit.getById(result.auditId))!.body) as Record<string, string>;
    expect(record).toMatchObject({ action: 'subject.erase', principal: 'dpo', outcome: 'success' });
    expect(record.target).toMatch(/^hmac-sha256:/);
    expect((await storage.audit.getById(result.auditId))!.body).not.toContain('user-42');
    expect(await verifyAuditLog({ store: storage.audit, publicKey: audit.signer.publicKey })).toMatchObject({
      ok: true,
      size: 8,
    });
    await storage.close();
  });
});
