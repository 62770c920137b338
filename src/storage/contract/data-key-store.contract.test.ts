import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { WrappedKeyStore } from '../../crypto/index.js';
import type { DataKeyRecord, DataKeyStore } from '../ports/data-key-store.js';
import { testBackends } from './backends.js';

// Compile-time check: the storage port satisfies what the key ring needs.
const _fits: (s: DataKeyStore) => WrappedKeyStore = (s) => s;

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const key = (subject: string, rootKeyId = 'rk_a'): DataKeyRecord => ({
  keyId: 'dk_' + randomUUID(),
  subject,
  rootKeyId,
  wrapped: randomBytes(60),
  createdAt: new Date().toISOString(),
});

describe.each(backends)('DataKeyStore contract: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'stores, finds by id and subject, and keeps bytes exact',
    async () => {
      const { dataKeys } = await backend.open();
      const k = key('tenant:acme');
      expect(await dataKeys.insertIfAbsent(k)).toEqual(k);
      expect(await dataKeys.getById(k.keyId)).toEqual(k);
      expect(await dataKeys.getBySubject('tenant:acme')).toEqual(k);
      expect(await dataKeys.getBySubject('tenant:other')).toBeUndefined();
      expect(await dataKeys.getById('dk_missing')).toBeUndefined();
    },
  );

  it.skipIf(backend.skip !== undefined)('keeps the first key when a subject is inserted twice', async () => {
    const { dataKeys } = await backend.open();
    const first = key('subject:acme:u1');
    await dataKeys.insertIfAbsent(first);
    const returned = await dataKeys.insertIfAbsent(key('subject:acme:u1'));
    expect(returned.keyId).toBe(first.keyId);
    expect(await dataKeys.list()).toHaveLength(1);
  });

  it.skipIf(backend.skip !== undefined)('deletes a subject key for good', async () => {
    const { dataKeys } = await backend.open();
    const k = key('subject:acme:u2');
    await dataKeys.insertIfAbsent(k);
    await dataKeys.insertIfAbsent(key('tenant:acme'));
    expect(await dataKeys.deleteBySubject('subject:acme:u2')).toBe(1);
    expect(await dataKeys.deleteBySubject('subject:acme:u2')).toBe(0);
    expect(await dataKeys.getById(k.keyId)).toBeUndefined();
    expect((await dataKeys.list()).map((r) => r.subject)).toEqual(['tenant:acme']);
  });

  it.skipIf(backend.skip !== undefined)('rewraps only rows still under the expected root key', async () => {
    const { dataKeys } = await backend.open();
    const a = key('tenant:a', 'rk_old');
    const b = key('tenant:b', 'rk_other');
    await dataKeys.insertIfAbsent(a);
    await dataKeys.insertIfAbsent(b);
    const wrapped = randomBytes(60);
    const n = await dataKeys.rewrap([
      { keyId: a.keyId, fromRootKeyId: 'rk_old', rootKeyId: 'rk_new', wrapped },
      { keyId: b.keyId, fromRootKeyId: 'rk_old', rootKeyId: 'rk_new', wrapped },
    ]);
    expect(n).toBe(1);
    expect(await dataKeys.getById(a.keyId)).toMatchObject({ rootKeyId: 'rk_new', wrapped });
    expect(await dataKeys.getById(b.keyId)).toEqual(b);
  });
});
