import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../ports/api-key-store.js';
import type { UserRecord } from '../ports/user-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const apiKey = (id: string, tenant = 'acme'): ApiKeyRecord => ({
  id,
  tenant,
  principal: 'svc-billing',
  name: 'billing app',
  role: 'app',
  clearance: 'confidential',
  scopes: { models: ['gpt-4o-mini'] },
  secretHash: randomBytes(32).toString('hex'),
  createdAt: '2026-05-01T00:00:00.000Z',
  expiresAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
});

const user = (id: string, username: string, tenant = 'acme'): UserRecord => ({
  id,
  tenant,
  username,
  roles: ['auditor'],
  clearance: 'internal',
  passwordHash: '$scrypt$' + randomBytes(16).toString('hex'),
  mfa: { recoveryCodeHashes: ['h1', 'h2'] },
  disabled: false,
  failedLogins: 0,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  version: 1,
});

describe.each(backends)('ApiKeyStore contract: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);

  it_('creates once, reads back exactly, and lists per tenant', async () => {
    const { apiKeys } = await backend.open();
    const k = apiKey('k1');
    expect(await apiKeys.create(k)).toBe(true);
    expect(await apiKeys.create(apiKey('k1'))).toBe(false);
    await apiKeys.create(apiKey('k2', 'other'));
    expect(await apiKeys.get('k1')).toEqual(k);
    expect(await apiKeys.get('missing')).toBeUndefined();
    expect((await apiKeys.list('acme')).map((x) => x.id)).toEqual(['k1']);
    expect((await apiKeys.list()).map((x) => x.id)).toEqual(['k1', 'k2']);
  });

  it_('revokes once and reports the change to other replicas', async () => {
    const { apiKeys } = await backend.open();
    await apiKeys.create(apiKey('k1'));
    await apiKeys.create(apiKey('k2'));
    const at = '2026-06-01T00:00:00.000Z';
    expect(await apiKeys.revoke('k1', at)).toBe(true);
    expect(await apiKeys.revoke('k1', '2026-06-02T00:00:00.000Z')).toBe(false);
    expect(await apiKeys.revoke('missing', at)).toBe(false);
    expect((await apiKeys.get('k1'))?.revokedAt).toBe(at);
    expect((await apiKeys.changedSince('2026-05-15T00:00:00.000Z')).map((x) => x.id)).toEqual(['k1']);
  });

  it_('brings expiry forward for rotation but never extends it; touch records use', async () => {
    const { apiKeys } = await backend.open();
    await apiKeys.create(apiKey('k1'));
    expect(await apiKeys.expireBy('k1', '2026-07-01T00:00:00.000Z')).toBe(true);
    expect((await apiKeys.get('k1'))?.expiresAt).toBe('2026-07-01T00:00:00.000Z');
    await apiKeys.expireBy('k1', '2027-01-01T00:00:00.000Z');
    expect((await apiKeys.get('k1'))?.expiresAt).toBe('2026-07-01T00:00:00.000Z');
    await apiKeys.touch('k1', '2026-06-15T00:00:00.000Z');
    expect((await apiKeys.get('k1'))?.lastUsedAt).toBe('2026-06-15T00:00:00.000Z');
    expect(await apiKeys.expireBy('missing', '2026-07-01T00:00:00.000Z')).toBe(false);
  });
});

describe.each(backends)('UserStore contract: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);

  it_('creates users with unique usernames per tenant and reads them back exactly', async () => {
    const { users } = await backend.open();
    const ana = user('u1', 'ana');
    expect(await users.create(ana)).toBe(true);
    expect(await users.create(user('u2', 'ana'))).toBe(false); // same tenant, same name
    expect(await users.create(user('u1', 'bob'))).toBe(false); // same id
    expect(await users.create(user('u3', 'ana', 'other'))).toBe(true);
    expect(await users.get('u1')).toEqual(ana);
    expect(await users.getByUsername('acme', 'ana')).toEqual(ana);
    expect(await users.getByUsername('acme', 'nobody')).toBeUndefined();
    expect((await users.list('other')).map((u) => u.id)).toEqual(['u3']);
  });

  it_('updates only from the version read (optimistic concurrency)', async () => {
    const { users } = await backend.open();
    await users.create(user('u1', 'ana'));
    await users.create(user('u2', 'bob'));
    const locked = {
      ...user('u1', 'ana'),
      failedLogins: 5,
      lockedUntil: '2026-06-01T00:15:00.000Z',
      version: 2,
    };
    expect(await users.update(locked, 1)).toBe(true);
    expect(await users.update({ ...locked, failedLogins: 0, version: 2 }, 1)).toBe(false); // stale writer
    expect(await users.get('u1')).toEqual(locked);
    expect(await users.update({ ...locked, username: 'bob', version: 3 }, 2)).toBe(false); // name taken
    expect((await users.get('u1'))?.username).toBe('ana');
  });
});
