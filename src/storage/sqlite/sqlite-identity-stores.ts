import type { DatabaseSync } from 'node:sqlite';
import type { ApiKeyRecord, ApiKeyStore } from '../ports/api-key-store.js';
import type { UserRecord, UserStore } from '../ports/user-store.js';

type Row = Record<string, unknown>;

// Immutable fields live in a JSON column; the ones that change or are queried are real columns.
const toKey = (r: Row): ApiKeyRecord => ({
  ...(JSON.parse(String(r.data)) as Omit<
    ApiKeyRecord,
    'expiresAt' | 'revokedAt' | 'lastUsedAt' | 'updatedAt' | 'suspendedAt'
  >),
  ...(r.expires_at === null ? {} : { expiresAt: String(r.expires_at) }),
  ...(r.revoked_at === null ? {} : { revokedAt: String(r.revoked_at) }),
  ...(r.last_used_at === null ? {} : { lastUsedAt: String(r.last_used_at) }),
  ...(r.suspended_at === null || r.suspended_at === undefined ? {} : { suspendedAt: String(r.suspended_at) }),
  updatedAt: String(r.updated_at),
});

/** API keys on SQLite. */
export function createSqliteApiKeyStore(db: DatabaseSync): ApiKeyStore {
  return {
    create(k) {
      const { expiresAt, revokedAt, lastUsedAt, updatedAt, suspendedAt, ...fixed } = k;
      const r = db
        .prepare(
          `INSERT INTO api_keys (id, tenant, data, expires_at, revoked_at, last_used_at, updated_at, suspended_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(
          k.id,
          k.tenant,
          JSON.stringify(fixed),
          expiresAt ?? null,
          revokedAt ?? null,
          lastUsedAt ?? null,
          updatedAt,
          suspendedAt ?? null,
        );
      return Promise.resolve(Number(r.changes) === 1);
    },
    get(id) {
      const r = db.prepare('SELECT * FROM api_keys WHERE id = ?').get(id);
      return Promise.resolve(r === undefined ? undefined : toKey(r));
    },
    list: (tenant) =>
      Promise.resolve(
        (tenant === undefined
          ? db.prepare('SELECT * FROM api_keys ORDER BY id').all()
          : db.prepare('SELECT * FROM api_keys WHERE tenant = ? ORDER BY id').all(tenant)
        ).map(toKey),
      ),
    revoke(id, at) {
      const r = db
        .prepare('UPDATE api_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(at, at, id);
      return Promise.resolve(Number(r.changes) === 1);
    },
    suspend(id, at) {
      const r = db
        .prepare('UPDATE api_keys SET suspended_at = ?, updated_at = ? WHERE id = ? AND suspended_at IS NULL')
        .run(at, at, id);
      return Promise.resolve(Number(r.changes) === 1);
    },
    reinstate(id, at) {
      const r = db
        .prepare(
          'UPDATE api_keys SET suspended_at = NULL, updated_at = ? WHERE id = ? AND suspended_at IS NOT NULL',
        )
        .run(at, id);
      return Promise.resolve(Number(r.changes) === 1);
    },
    expireBy(id, at) {
      const r = db
        .prepare(
          `UPDATE api_keys SET expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at < ? THEN expires_at ELSE ? END,
           updated_at = ? WHERE id = ?`,
        )
        .run(at, at, new Date().toISOString(), id);
      return Promise.resolve(Number(r.changes) === 1);
    },
    setAccess(id, access, at) {
      // role, clearance and scopes live in the JSON column; json_set keeps the other fields as they are.
      const r = db
        .prepare(
          `UPDATE api_keys SET data = json_set(data, '$.role', ?, '$.clearance', ?,
             '$.scopes', json(coalesce(?, json_extract(data, '$.scopes')))), updated_at = ?
           WHERE id = ? AND revoked_at IS NULL`,
        )
        .run(
          access.role,
          access.clearance,
          access.scopes === undefined ? null : JSON.stringify(access.scopes),
          at,
          id,
        );
      return Promise.resolve(Number(r.changes) === 1);
    },
    touch(id, at) {
      db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
      return Promise.resolve();
    },
    changedSince: (since) =>
      Promise.resolve(
        db.prepare('SELECT * FROM api_keys WHERE updated_at >= ? ORDER BY updated_at').all(since).map(toKey),
      ),
  };
}

const toUser = (r: Row): UserRecord => JSON.parse(String(r.data)) as UserRecord;

/** Console users on SQLite; optimistic concurrency on `version`. */
export function createSqliteUserStore(db: DatabaseSync): UserStore {
  return {
    create(u) {
      const r = db
        .prepare(
          'INSERT INTO users (id, tenant, username, version, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(u.id, u.tenant, u.username, u.version, JSON.stringify(u));
      return Promise.resolve(Number(r.changes) === 1);
    },
    get(id) {
      const r = db.prepare('SELECT data FROM users WHERE id = ?').get(id);
      return Promise.resolve(r === undefined ? undefined : toUser(r));
    },
    getByUsername(tenant, username) {
      const r = db.prepare('SELECT data FROM users WHERE tenant = ? AND username = ?').get(tenant, username);
      return Promise.resolve(r === undefined ? undefined : toUser(r));
    },
    list: (tenant) =>
      Promise.resolve(
        (tenant === undefined
          ? db.prepare('SELECT data FROM users ORDER BY id').all()
          : db.prepare('SELECT data FROM users WHERE tenant = ? ORDER BY id').all(tenant)
        ).map(toUser),
      ),
    update(u, expectedVersion) {
      try {
        const r = db
          .prepare(
            'UPDATE users SET tenant = ?, username = ?, version = ?, data = ? WHERE id = ? AND version = ?',
          )
          .run(u.tenant, u.username, u.version, JSON.stringify(u), u.id, expectedVersion);
        return Promise.resolve(Number(r.changes) === 1);
      } catch (error) {
        // The new username is taken in the tenant.
        if (error instanceof Error && /UNIQUE/.test(error.message)) return Promise.resolve(false);
        throw error;
      }
    },
  };
}
