import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.js';
import type { UserRecord, UserStore } from '../ports/user-store.js';

const clone = <T>(v: T): T => structuredClone(v);

/** In-process API keys. */
export function createMemoryApiKeyStore(): ApiKeyStore {
  const keys = new Map<string, ApiKeyRecord>();
  const change = (id: string, f: (k: ApiKeyRecord) => ApiKeyRecord | undefined) => {
    const k = keys.get(id);
    const next = k === undefined ? undefined : f(k);
    if (next !== undefined) keys.set(id, next);
    return Promise.resolve(next !== undefined);
  };
  return {
    create(k) {
      if (keys.has(k.id)) return Promise.resolve(false);
      keys.set(k.id, clone(k));
      return Promise.resolve(true);
    },
    get: (id) => Promise.resolve(keys.has(id) ? clone(keys.get(id)!) : undefined),
    list: (tenant) =>
      Promise.resolve(
        [...keys.values()].filter((k) => tenant === undefined || k.tenant === tenant).map(clone),
      ),
    revoke: (id, at) =>
      change(id, (k) => (k.revokedAt === undefined ? { ...k, revokedAt: at, updatedAt: at } : undefined)),
    expireBy: (id, at) =>
      change(id, (k) => ({
        ...k,
        expiresAt: k.expiresAt !== undefined && k.expiresAt < at ? k.expiresAt : at,
        updatedAt: new Date().toISOString(),
      })),
    suspend: (id, at) =>
      change(id, (k) => (k.suspendedAt === undefined ? { ...k, suspendedAt: at, updatedAt: at } : undefined)),
    reinstate: (id, at) =>
      change(id, (k) => {
        if (k.suspendedAt === undefined) return undefined;
        const { suspendedAt: _lifted, ...rest } = k;
        return { ...rest, updatedAt: at };
      }),
    setAccess: (id, access, at) =>
      change(id, (k) =>
        k.revokedAt === undefined
          ? {
              ...k,
              role: access.role,
              clearance: access.clearance,
              ...(access.scopes ? { scopes: clone(access.scopes) } : {}),
              updatedAt: at,
            }
          : undefined,
      ),
    async touch(id, at) {
      await change(id, (k) => ({ ...k, lastUsedAt: at }));
    },
    changedSince: (since) =>
      Promise.resolve([...keys.values()].filter((k) => k.updatedAt >= since).map(clone)),
  };
}

/** In-process console users. */
export function createMemoryUserStore(): UserStore {
  const users = new Map<string, UserRecord>();
  const byName = (tenant: string, username: string) =>
    [...users.values()].find((u) => u.tenant === tenant && u.username === username);
  return {
    create(u) {
      if (users.has(u.id) || byName(u.tenant, u.username) !== undefined) return Promise.resolve(false);
      users.set(u.id, clone(u));
      return Promise.resolve(true);
    },
    get: (id) => Promise.resolve(users.has(id) ? clone(users.get(id)!) : undefined),
    getByUsername: (tenant, username) => Promise.resolve(clone(byName(tenant, username))),
    list: (tenant) =>
      Promise.resolve(
        [...users.values()].filter((u) => tenant === undefined || u.tenant === tenant).map(clone),
      ),
    update(u, expectedVersion) {
      const current = users.get(u.id);
      const clash = byName(u.tenant, u.username);
      if (current?.version !== expectedVersion || (clash !== undefined && clash.id !== u.id))
        return Promise.resolve(false);
      users.set(u.id, clone(u));
      return Promise.resolve(true);
    },
  };
}
