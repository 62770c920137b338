import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKeyService, createApiKeyVerifier } from '../../auth/index.js';
import type { ApiKeyRecord } from '../ports/api-key-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const apiKey = (id: string): ApiKeyRecord => ({
  id,
  tenant: 'acme',
  principal: 'svc-1',
  name: 'app',
  role: 'app',
  clearance: 'internal',
  scopes: {},
  secretHash: randomBytes(32).toString('hex'),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe.each(backends)('ApiKeyStore suspension contract: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'suspends once, reinstates once, and reports the change',
    async () => {
      const { apiKeys } = await backend.open();
      await apiKeys.create(apiKey('s1'));
      expect(await apiKeys.suspend('s1', '2026-01-02T00:00:00.000Z')).toBe(true);
      expect(await apiKeys.suspend('s1', '2026-01-02T00:00:01.000Z')).toBe(false);
      expect((await apiKeys.get('s1'))?.suspendedAt).toBe('2026-01-02T00:00:00.000Z');
      expect((await apiKeys.changedSince('2026-01-02T00:00:00.000Z')).map((k) => k.id)).toEqual(['s1']);
      expect(await apiKeys.reinstate('s1', '2026-01-03T00:00:00.000Z')).toBe(true);
      expect(await apiKeys.reinstate('s1', '2026-01-03T00:00:01.000Z')).toBe(false);
      expect((await apiKeys.get('s1'))?.suspendedAt).toBeUndefined();
      expect(await apiKeys.suspend('missing', '2026-01-02T00:00:00.000Z')).toBe(false);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'the verifier refuses a suspended key with API_KEY_SUSPENDED',
    async () => {
      const { apiKeys } = await backend.open();
      const pepper = randomBytes(32);
      const { token, record } = await createApiKeyService(apiKeys, pepper).create({
        name: 'app',
        tenant: 'acme',
        role: 'app',
        clearance: 'internal',
        scopes: {},
      });
      const verifier = createApiKeyVerifier({ store: apiKeys, pepper, cacheTtlMs: 0 });
      await expect(verifier.verify(token)).resolves.toBeDefined();
      await apiKeys.suspend(record.id, new Date().toISOString());
      await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'API_KEY_SUSPENDED' });
      await apiKeys.reinstate(record.id, new Date().toISOString());
      await expect(verifier.verify(token)).resolves.toBeDefined();
    },
  );
});
