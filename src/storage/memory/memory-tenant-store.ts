import type { TenantRecord, TenantStore } from '../ports/tenant-store.js';
import { applyTenantChange } from '../ports/tenant-change.js';

/** In-process tenants. */
export function createMemoryTenantStore(): TenantStore {
  const tenants = new Map<string, TenantRecord>();
  return {
    create(t) {
      if (tenants.has(t.id)) return Promise.resolve(false);
      tenants.set(t.id, structuredClone(t));
      return Promise.resolve(true);
    },
    get: (id) => Promise.resolve(structuredClone(tenants.get(id))),
    list: () =>
      Promise.resolve(
        [...tenants.values()].sort((a, b) => a.id.localeCompare(b.id)).map((t) => structuredClone(t)),
      ),
    update(id, change, at) {
      const t = tenants.get(id);
      if (t) tenants.set(id, applyTenantChange(t, change, at));
      return Promise.resolve(t !== undefined);
    },
  };
}
