import type { DatabaseSync } from 'node:sqlite';
import { applyTenantChange } from '../ports/tenant-change.js';
import type { TenantRecord, TenantStore } from '../ports/tenant-store.js';

const toTenant = (r: Record<string, unknown>): TenantRecord => JSON.parse(String(r.data)) as TenantRecord;

/** Tenants on SQLite: one JSON row each (a handful of rows, read through a cache). */
export function createSqliteTenantStore(db: DatabaseSync): TenantStore {
  const get = (id: string) => {
    const r = db.prepare('SELECT data FROM tenants WHERE id = ?').get(id);
    return r === undefined ? undefined : toTenant(r);
  };
  return {
    create(t) {
      const r = db
        .prepare('INSERT INTO tenants (id, data) VALUES (?, ?) ON CONFLICT (id) DO NOTHING')
        .run(t.id, JSON.stringify(t));
      return Promise.resolve(Number(r.changes) === 1);
    },
    get: (id) => Promise.resolve(get(id)),
    list: () => Promise.resolve(db.prepare('SELECT data FROM tenants ORDER BY id').all().map(toTenant)),
    update(id, change, at) {
      // node:sqlite is synchronous: the read and the write cannot interleave with another call here.
      const t = get(id);
      if (!t) return Promise.resolve(false);
      db.prepare('UPDATE tenants SET data = ? WHERE id = ?').run(
        JSON.stringify(applyTenantChange(t, change, at)),
        id,
      );
      return Promise.resolve(true);
    },
  };
}
