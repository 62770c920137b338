import { BulwarkError } from '../core/index.js';
import type { TenantRecord, TenantStore } from '../storage/index.js';

/** Tenant ids are carried by keys, users and audit entries: short, lowercase, no spaces. */
export const TENANT_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Registers, renames, disables and re-enables tenants. */
export function createTenantService(store: TenantStore, now: () => number = Date.now) {
  return {
    /** Throws VALIDATION_FAILED for a malformed id and CONFLICT when it is registered already. */
    async create(input: { id: string; name?: string }): Promise<TenantRecord> {
      if (!TENANT_ID.test(input.id))
        throw new BulwarkError('VALIDATION_FAILED', { details: { fields: ['id'] } });
      const at = new Date(now()).toISOString();
      const tenant: TenantRecord = {
        id: input.id,
        name: input.name ?? input.id,
        createdAt: at,
        updatedAt: at,
      };
      if (!(await store.create(tenant))) throw new BulwarkError('CONFLICT');
      return tenant;
    },
    /**
     * Applies a change, registering the tenant first if it was only implied by its users and keys
     * (so an implied tenant can be disabled too). Returns the stored record.
     */
    async update(id: string, change: { name?: string; disabled?: boolean }): Promise<TenantRecord> {
      if (!TENANT_ID.test(id)) throw new BulwarkError('NOT_FOUND');
      const at = new Date(now()).toISOString();
      await store.create({ id, name: id, createdAt: at, updatedAt: at });
      if (!(await store.update(id, change, at))) throw new BulwarkError('NOT_FOUND');
      return (await store.get(id))!;
    },
  };
}
export type TenantService = ReturnType<typeof createTenantService>;

/**
 * Whether a tenant is disabled, read through a short cache: every request asks, and a change made
 * on any replica must bite everywhere within `ttlMs` (default 5 s, like key revocation).
 */
export function createTenantGate(store: TenantStore, options: { ttlMs?: number; now?: () => number } = {}) {
  const ttl = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { disabled: boolean; at: number }>();
  return {
    async disabled(tenant: string): Promise<boolean> {
      const hit = cache.get(tenant);
      if (hit && now() - hit.at < ttl) return hit.disabled;
      const disabled = (await store.get(tenant))?.disabledAt !== undefined;
      cache.set(tenant, { disabled, at: now() });
      if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
      return disabled;
    },
    /** Throws TENANT_DISABLED when the tenant is disabled. */
    async assertActive(tenant: string): Promise<void> {
      if (await this.disabled(tenant)) throw new BulwarkError('TENANT_DISABLED');
    },
    /** Drops the cached state (after a local change, so it bites here at once). */
    forget(tenant?: string): void {
      if (tenant === undefined) cache.clear();
      else cache.delete(tenant);
    },
  };
}
export type TenantGate = ReturnType<typeof createTenantGate>;
