import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../audit/index.js';
import { createKeyRing, createLocalKms, subjects } from '../crypto/index.js';
import { openMemoryStorage } from '../storage/index.js';
import { exportSubject } from './subject-export.js';
import { randomBytes } from 'node:crypto';

describe('exportSubject', () => {
  it('gathers the subject’s user, keys, decrypted conversations and audit records, and nothing secret', async () => {
    const storage = openMemoryStorage();
    const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
    const audit = await openAuditLog({ store: storage.audit, keyRing });
    const t = new Date().toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const passwordHash = '$scrypt$' + randomBytes(8).toString('hex');
    const secretHash = randomBytes(32).toString('hex');
    await storage.users.create({
      id: 'u42',
      tenant: 'acme',
      username: 'ana',
      roles: ['developer'],
      clearance: 'internal',
      passwordHash,
      mfa: { recoveryCodeHashes: ['x'] },
      disabled: false,
      failedLogins: 0,
      createdAt: t,
      updatedAt: t,
      version: 1,
    });
    await storage.apiKeys.create({
      id: 'k1',
      tenant: 'acme',
      principal: 'u42',
      name: 'cli',
      role: 'developer',
      clearance: 'internal',
      scopes: {},
      secretHash,
      createdAt: t,
      updatedAt: t,
    });
    await storage.apiKeys.create({
      id: 'k2',
      tenant: 'acme',
      principal: 'someone-else',
      name: 'x',
      role: 'app',
      clearance: 'public',
      scopes: {},
      secretHash,
      createdAt: t,
      updatedAt: t,
    });
    const aad = 'conv';
    await storage.conversations.put(
      {
        tenant: 'acme',
        principal: 'u42',
        conversationId: 'c1',
        version: 1,
        updatedAt: t,
        expiresAt: later,
        payload: await keyRing.encrypt(subjects.dataSubject('acme', 'u42'), JSON.stringify(['hello']), aad),
      },
      0,
    );
    await audit.append({ kind: 'request', tenant: 'acme', principal: 'u42', status: 200, prompt: 'hello' });
    await audit.append({ kind: 'request', tenant: 'acme', principal: 'someone-else', status: 200 });

    const out = await exportSubject({
      storage,
      tenant: 'acme',
      subject: 'u42',
      loadConversation: async (key) =>
        JSON.parse(
          String(await keyRing.decrypt((await storage.conversations.get(key))!.payload, aad)),
        ) as unknown,
    });
    expect(out.user).toMatchObject({ id: 'u42', username: 'ana' });
    expect(out.apiKeys.map((k) => k.id)).toEqual(['k1']);
    expect(out.conversations).toEqual([{ conversationId: 'c1', content: ['hello'] }]);
    expect(out.auditRecords).toHaveLength(1);
    expect(out.auditRecords[0]).toMatchObject({
      principal: 'u42',
      promptDigest: expect.stringMatching(/^hmac-sha256:/),
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain(passwordHash);
    expect(text).not.toContain(secretHash);
    expect(text).not.toContain('recoveryCodeHashes');
    await audit.close();
  });
});
