import type { Level } from '../core/index.js';
import type { ApiKeyRecord, ApiKeyStore } from '../storage/index.js';
import { generateApiKey, hashApiKeySecret } from './api-key-format.js';
import { assertRole, type Role } from './rbac.js';

export interface CreateApiKeyInput {
  name: string;
  tenant: string;
  /** Owning user or service principal; default a service principal named after the key. */
  principal?: string;
  role: Role;
  clearance: Level;
  scopes?: { models?: string[]; routes?: string[] };
  /** Lifetime in ms; none = until revoked. */
  ttlMs?: number;
  env?: 'live' | 'test';
}

export interface CreatedApiKey {
  /** The full key: shown once, never stored. */
  token: string;
  record: ApiKeyRecord;
}

/** Creating, rotating and revoking keys; the store only ever sees keyed hashes. */
export function createApiKeyService(store: ApiKeyStore, pepper: Uint8Array, now: () => number = Date.now) {
  async function create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    assertRole(input.role);
    for (;;) {
      const key = generateApiKey(input.env ?? 'live');
      const at = new Date(now()).toISOString();
      const record: ApiKeyRecord = {
        id: key.id,
        tenant: input.tenant,
        principal: input.principal ?? `app:${input.name}`,
        name: input.name,
        role: input.role,
        clearance: input.clearance,
        scopes: input.scopes ?? {},
        secretHash: hashApiKeySecret(pepper, key.secret),
        createdAt: at,
        updatedAt: at,
        ...(input.ttlMs !== undefined ? { expiresAt: new Date(now() + input.ttlMs).toISOString() } : {}),
      };
      // An id collision (36^12 space) is astronomically rare; draw again rather than fail.
      if (await store.create(record)) return { token: key.token, record };
    }
  }

  return {
    create,
    list: (tenant?: string) => store.list(tenant),
    revoke: (id: string) => store.revoke(id, new Date(now()).toISOString()),
    /**
     * Issues a successor with the same name, role, clearance and scopes; the old key keeps working for
     * `overlapMs` so clients can switch without downtime, then expires.
     */
    async rotate(id: string, overlapMs: number): Promise<CreatedApiKey | undefined> {
      const old = await store.get(id);
      if (!old || old.revokedAt !== undefined) return undefined;
      const next = await create({
        name: old.name,
        tenant: old.tenant,
        principal: old.principal,
        role: old.role as Role,
        clearance: old.clearance,
        scopes: old.scopes,
      });
      await store.expireBy(id, new Date(now() + overlapMs).toISOString());
      return next;
    },
  };
}
export type ApiKeyService = ReturnType<typeof createApiKeyService>;
