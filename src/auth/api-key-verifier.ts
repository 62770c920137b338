import { BulwarkError, type Principal } from '../core/index.js';
import type { ApiKeyRecord, ApiKeyStore, UserStore } from '../storage/index.js';
import { parseApiKey, secretMatches } from './api-key-format.js';
import type { TenantGate } from './tenants.js';

export interface ApiKeyVerifierOptions {
  store: ApiKeyStore;
  /** HMAC pepper from `keyRing.deriveSecret('api-key-hmac')`. */
  pepper: Uint8Array;
  /** When given, a key owned by a disabled console user (`principal` = `user:<id>`) is suspended. */
  users?: UserStore;
  /** When given, a key of a disabled tenant is refused with TENANT_DISABLED. */
  tenants?: TenantGate;
  /** How long a looked-up key is trusted before it is read again; bounds how late a revocation bites. */
  cacheTtlMs?: number;
  /** How often the last-used time is written per key. */
  touchIntervalMs?: number;
  now?: () => number;
}

export interface VerifiedKey {
  record: ApiKeyRecord;
  principal: Principal;
}

/**
 * Verifies presented API keys: format and checksum, then the stored keyed hash in constant time, then
 * revocation, expiry, suspension and the tenant's state. Records are cached for `cacheTtlMs` (default 5 s), so a revocation made on any
 * replica takes effect everywhere within that time; unknown ids are not cached.
 */
export function createApiKeyVerifier(options: ApiKeyVerifierOptions) {
  const { store, pepper } = options;
  const ttl = options.cacheTtlMs ?? 5_000;
  const touchEvery = options.touchIntervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { record: ApiKeyRecord; suspended: boolean; fetchedAt: number }>();
  const touched = new Map<string, number>();

  async function ownerDisabled(record: ApiKeyRecord): Promise<boolean> {
    if (!options.users || !record.principal.startsWith('user:')) return false;
    const user = await options.users.get(record.principal.slice('user:'.length));
    // A key naming a user that no longer exists is as dead as a disabled one: fail closed.
    return !user || user.disabled;
  }

  async function lookup(id: string): Promise<{ record: ApiKeyRecord; suspended: boolean } | undefined> {
    const hit = cache.get(id);
    if (hit && now() - hit.fetchedAt < ttl) return hit;
    const record = await store.get(id);
    if (!record) {
      cache.delete(id);
      return undefined;
    }
    const entry = { record, suspended: await ownerDisabled(record), fetchedAt: now() };
    cache.set(id, entry);
    if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    return entry;
  }

  return {
    /**
     * Throws INVALID_API_KEY, API_KEY_REVOKED, API_KEY_EXPIRED or API_KEY_SUSPENDED; an invalid key
     * never says which part was wrong.
     */
    async verify(token: string): Promise<VerifiedKey> {
      const parsed = parseApiKey(token);
      if (!parsed) throw new BulwarkError('INVALID_API_KEY');
      const entry = await lookup(parsed.id);
      if (!entry || !secretMatches(pepper, parsed.secret, entry.record.secretHash))
        throw new BulwarkError('INVALID_API_KEY');
      const { record } = entry;
      if (record.revokedAt !== undefined && Date.parse(record.revokedAt) <= now())
        throw new BulwarkError('API_KEY_REVOKED');
      if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now())
        throw new BulwarkError('API_KEY_EXPIRED');
      // Suspended by the owner being disabled, or the key itself pending review (behavioural monitor).
      if (entry.suspended || record.suspendedAt !== undefined) throw new BulwarkError('API_KEY_SUSPENDED');
      await options.tenants?.assertActive(record.tenant);
      const last = touched.get(record.id) ?? 0;
      if (now() - last >= touchEvery) {
        touched.set(record.id, now());
        // Best effort: a failed last-used write must not fail the request.
        store.touch(record.id, new Date(now()).toISOString()).catch(() => undefined);
      }
      return { record, principal: principalOf(record) };
    },
    /** Drops cached records (after a local revoke, so it bites at once here). */
    forget(id?: string): void {
      if (id === undefined) cache.clear();
      else cache.delete(id);
    },
  };
}
export type ApiKeyVerifier = ReturnType<typeof createApiKeyVerifier>;

export function principalOf(record: ApiKeyRecord): Principal {
  return {
    id: record.principal,
    tenant: record.tenant,
    kind: 'service',
    roles: [record.role],
    clearance: record.clearance,
    keyId: record.id,
    scopes: {
      ...(record.scopes.models ? { models: record.scopes.models } : {}),
      ...(record.scopes.routes ? { routes: record.scopes.routes } : {}),
    },
  };
}
