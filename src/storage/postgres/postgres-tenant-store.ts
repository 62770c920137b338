import type pg from 'pg';
import { applyTenantChange } from '../ports/tenant-change.js';
import type { TenantRecord, TenantStore } from '../ports/tenant-store.js';

const toTenant = (r: Record<string, unknown>): TenantRecord => r.data as TenantRecord;

/** Tenants on PostgreSQL: one JSONB row each; updates lock the row so two admins cannot interleave. */
export function createPostgresTenantStore(pool: pg.Pool): TenantStore {
  return {
    async create(t) {
      const r = await pool.query(
        'INSERT INTO tenants (id, data) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
        [t.id, JSON.stringify(t)],
      );
      return r.rowCount === 1;
    },
    async get(id) {
      const r = await pool.query('SELECT data FROM tenants WHERE id = $1', [id]);
      return r.rows[0] === undefined ? undefined : toTenant(r.rows[0] as Record<string, unknown>);
    },
    async list() {
      const r = await pool.query('SELECT data FROM tenants ORDER BY id');
      return r.rows.map((row) => toTenant(row as Record<string, unknown>));
    },
    async update(id, change, at) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await client.query('SELECT data FROM tenants WHERE id = $1 FOR UPDATE', [id]);
        if (r.rows[0] === undefined) {
          await client.query('ROLLBACK');
          return false;
        }
        const next = applyTenantChange(toTenant(r.rows[0] as Record<string, unknown>), change, at);
        await client.query('UPDATE tenants SET data = $1 WHERE id = $2', [JSON.stringify(next), id]);
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
