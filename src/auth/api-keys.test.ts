import { describe, expect, it } from 'vitest';
import { openMemoryStorage } from '../storage/index.js';
import { API_KEY_PATTERN, generateApiKey, parseApiKey } from './api-key-format.js';
import { createApiKeyVerifier } from './api-key-verifier.js';
import { createApiKeyService } from './api-keys.js';

const PEPPER = Buffer.alloc(32, 9);

function setup(start = Date.parse('2026-11-23T12:00:00Z')) {
  let clock = start;
  const storage = openMemoryStorage();
  const now = () => clock;
  const service = createApiKeyService(storage.apiKeys, PEPPER, now);
  const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper: PEPPER, cacheTtlMs: 5_000, now });
  return { storage, service, verifier, advance: (ms: number) => (clock += ms) };
}

describe('API key format', () => {
  it('generates recognisable keys whose checksum catches any single-character change', () => {
    const key = generateApiKey();
    expect(key.token).toMatch(API_KEY_PATTERN);
    expect(parseApiKey(key.token)).toEqual({ env: 'live', id: key.id, secret: key.secret });
    const i = key.token.length - 10;
    const typo = key.token.slice(0, i) + (key.token[i] === 'a' ? 'b' : 'a') + key.token.slice(i + 1);
    expect(parseApiKey(typo)).toBeUndefined();
    expect(parseApiKey('bk_live_short')).toBeUndefined();
  });
});

describe('API keys', () => {
  it('stores only a keyed hash and resolves a principal with role, clearance and scopes', async () => {
    const { storage, service, verifier } = setup();
    const { token, record } = await service.create({
      name: 'support-bot',
      tenant: 'acme',
      role: 'app',
      clearance: 'confidential',
      scopes: { models: ['gpt-4o'] },
    });
    const stored = await storage.apiKeys.get(record.id);
    expect(JSON.stringify(stored)).not.toContain(parseApiKey(token)!.secret);
    const { principal } = await verifier.verify(token);
    expect(principal).toMatchObject({
      tenant: 'acme',
      roles: ['app'],
      clearance: 'confidential',
      keyId: record.id,
      scopes: { models: ['gpt-4o'] },
    });
  });

  it('refuses unknown, forged, revoked and expired keys with distinct codes', async () => {
    const { service, verifier, advance } = setup();
    await expect(verifier.verify('nonsense')).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    await expect(verifier.verify(generateApiKey().token)).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    const a = await service.create({ name: 'a', tenant: 't', role: 'app', clearance: 'internal' });
    const forged = generateApiKey();
    const body = `bk_live_${a.record.id}_${forged.secret}`;
    const forgedToken = body + forged.token.slice(-6);
    await expect(verifier.verify(forgedToken)).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    await service.revoke(a.record.id);
    verifier.forget(a.record.id);
    await expect(verifier.verify(a.token)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
    const b = await service.create({
      name: 'b',
      tenant: 't',
      role: 'app',
      clearance: 'internal',
      ttlMs: 60_000,
    });
    await verifier.verify(b.token);
    advance(61_000);
    await expect(verifier.verify(b.token)).rejects.toMatchObject({ code: 'API_KEY_EXPIRED' });
  });

  it('makes a revocation on another replica bite within the cache TTL', async () => {
    const { storage, service, verifier, advance } = setup();
    const { token, record } = await service.create({
      name: 'x',
      tenant: 't',
      role: 'app',
      clearance: 'internal',
    });
    await verifier.verify(token);
    await storage.apiKeys.revoke(record.id, new Date(Date.parse('2026-11-23T12:00:00Z')).toISOString()); // another replica
    await verifier.verify(token); // still cached
    advance(5_001);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
  });

  it('rotates with overlap: both keys work until the old one expires', async () => {
    const { service, verifier, advance } = setup();
    const old = await service.create({ name: 'svc', tenant: 't', role: 'developer', clearance: 'internal' });
    const next = (await service.rotate(old.record.id, 10_000))!;
    expect(next.record).toMatchObject({ name: 'svc', role: 'developer', principal: old.record.principal });
    await verifier.verify(old.token);
    await verifier.verify(next.token);
    advance(10_001);
    verifier.forget();
    await expect(verifier.verify(old.token)).rejects.toMatchObject({ code: 'API_KEY_EXPIRED' });
    await verifier.verify(next.token);
  });

  it('rejects an unknown role', async () => {
    const { service } = setup();
    await expect(
      service.create({ name: 'x', tenant: 't', role: 'root' as 'app', clearance: 'public' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
