import type pg from 'pg';
import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.js';
import type { UserRecord, UserStore } from '../ports/user-store.js';

type Row = Record<string, unknown>;

const toKey = (r: Row): ApiKeyRecord => ({
  ...(r.data as Omit<ApiKeyRecord, 'expiresAt' | 'revokedAt' | 'lastUsedAt' | 'updatedAt' | 'suspendedAt'>),
  ...(r.expires_at === null ? {} : { expiresAt: String(r.expires_at) }),
  ...(r.revoked_at === null ? {} : { revokedAt: String(r.revoked_at) }),
  ...(r.last_used_at === null ? {} : { lastUsedAt: String(r.last_used_at) }),
  ...(r.suspended_at === null || r.suspended_at === undefined ? {} : { suspendedAt: String(r.suspended_at) }),
  updatedAt: String(r.updated_at),
});

/** API keys on PostgreSQL. */
export function createPostgresApiKeyStore(pool: pg.Pool): ApiKeyStore {
  return {
    async create(k) {
      const { expiresAt, revokedAt, lastUsedAt, updatedAt, suspendedAt, ...fixed } = k;
      const r = await pool.query(
        `INSERT INTO api_keys (id, tenant, data, expires_at, revoked_at, last_used_at, updated_at, suspended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [
          k.id,
          k.tenant,
          JSON.stringify(fixed),
          expiresAt ?? null,
          revokedAt ?? null,
          lastUsedAt ?? null,
          updatedAt,
          suspendedAt ?? null,
        ],
      );
      return r.rowCount === 1;
    },
    async get(id) {
      const r = await pool.query('SELECT * FROM api_keys WHERE id = $1', [id]);
      return r.rows[0] === undefined ? undefined : toKey(r.rows[0] as Row);
    },
    async list(tenant) {
      const r =
        tenant === undefined
          ? await pool.query('SELECT * FROM api_keys ORDER BY id')
          : await pool.query('SELECT * FROM api_keys WHERE tenant = $1 ORDER BY id', [tenant]);
      return r.rows.map((row) => toKey(row as Row));
    },
    async revoke(id, at) {
      const r = await pool.query(
        'UPDATE api_keys SET revoked_at = $1, updated_at = $1 WHERE id = $2 AND revoked_at IS NULL',
        [at, id],
      );
      return r.rowCount === 1;
    },
    async suspend(id, at) {
      const r = await pool.query(
        'UPDATE api_keys SET suspended_at = $1, updated_at = $1 WHERE id = $2 AND suspended_at IS NULL',
        [at, id],
      );
      return r.rowCount === 1;
    },
    async reinstate(id, at) {
      const r = await pool.query(
        'UPDATE api_keys SET suspended_at = NULL, updated_at = $1 WHERE id = $2 AND suspended_at IS NOT NULL',
        [at, id],
      );
      return r.rowCount === 1;
    },
    async expireBy(id, at) {
      const r = await pool.query(
        `UPDATE api_keys SET expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at < $1 THEN expires_at ELSE $1 END,
         updated_at = $2 WHERE id = $3`,
        [at, new Date().toISOString(), id],
      );
      return r.rowCount === 1;
    },
    async setAccess(id, access, at) {
      const r = await pool.query(
        `UPDATE api_keys SET data = data || jsonb_build_object('role', $1::text, 'clearance', $2::text)
           || coalesce($5::jsonb, '{}'::jsonb),
         updated_at = $3 WHERE id = $4 AND revoked_at IS NULL`,
        [
          access.role,
          access.clearance,
          at,
          id,
          access.scopes === undefined ? null : JSON.stringify({ scopes: access.scopes }),
        ],
      );
      return r.rowCount === 1;
    },
    async touch(id, at) {
      await pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },
    async changedSince(since) {
      const r = await pool.query('SELECT * FROM api_keys WHERE updated_at >= $1 ORDER BY updated_at', [
        since,
      ]);
      return r.rows.map((row) => toKey(row as Row));
    },
  };
}

/** Console users on PostgreSQL; optimistic concurrency on `version`. */
export function createPostgresUserStore(pool: pg.Pool): UserStore {
  const one = async (sql: string, params: unknown[]) => {
    const r = await pool.query(sql, params);
    return r.rows[0] === undefined ? undefined : ((r.rows[0] as Row).data as UserRecord);
  };
  return {
    async create(u) {
      const r = await pool.query(
        'INSERT INTO users (id, tenant, username, version, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [u.id, u.tenant, u.username, u.version, JSON.stringify(u)],
      );
      return r.rowCount === 1;
    },
    get: (id) => one('SELECT data FROM users WHERE id = $1', [id]),
    getByUsername: (tenant, username) =>
      one('SELECT data FROM users WHERE tenant = $1 AND username = $2', [tenant, username]),
    async list(tenant) {
      const r =
        tenant === undefined
          ? await pool.query('SELECT data FROM users ORDER BY id')
          : await pool.query('SELECT data FROM users WHERE tenant = $1 ORDER BY id', [tenant]);
      return r.rows.map((row) => (row as Row).data as UserRecord);
    },
    async update(u, expectedVersion) {
      try {
        const r = await pool.query(
          'UPDATE users SET tenant = $1, username = $2, version = $3, data = $4 WHERE id = $5 AND version = $6',
          [u.tenant, u.username, u.version, JSON.stringify(u), u.id, expectedVersion],
        );
        return r.rowCount === 1;
      } catch (error) {
        if ((error as { code?: string }).code === '23505') return false; // username taken in the tenant
        throw error;
      }
    },
  };
}
