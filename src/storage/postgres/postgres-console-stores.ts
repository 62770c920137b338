import type pg from 'pg';
import type { Level } from '../../core/index.js';
import {
  sessionDeadline,
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
} from '../ports/console-session-store.js';
import type { OneTimeRecord, OneTimeRecordStore } from '../ports/one-time-record-store.js';
import { transaction } from './database.js';

type Row = Record<string, unknown>;

const SESSION_COLUMNS = 'id_hash, user_id, created_at, last_seen_at, idle_ms, expires_at, live_until, data';

// BIGINT columns arrive as strings from pg; epoch milliseconds fit a double exactly.
function toSession(r: Row): ConsoleSessionRecord {
  const data = r.data as { tenant: string; roles: string[]; clearance: Level; userVersion: number };
  return {
    idHash: String(r.id_hash),
    userId: String(r.user_id),
    tenant: data.tenant,
    roles: data.roles,
    clearance: data.clearance,
    userVersion: data.userVersion,
    createdAt: Number(r.created_at),
    lastSeenAt: Number(r.last_seen_at),
    idleMs: Number(r.idle_ms),
    expiresAt: Number(r.expires_at),
  };
}

const INSERT_SESSION = `INSERT INTO console_sessions (${SESSION_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id_hash) DO NOTHING`;

const sessionRow = (s: ConsoleSessionRecord) => [
  s.idHash,
  s.userId,
  s.createdAt,
  s.lastSeenAt,
  s.idleMs,
  s.expiresAt,
  sessionDeadline(s),
  JSON.stringify({ tenant: s.tenant, roles: s.roles, clearance: s.clearance, userVersion: s.userVersion }),
];

/** Console sessions on PostgreSQL, shared by every replica on the database. */
export function createPostgresConsoleSessionStore(pool: pg.Pool): ConsoleSessionStore {
  return {
    async create(s) {
      return (await pool.query(INSERT_SESSION, sessionRow(s))).rowCount === 1;
    },
    async use(idHash, now, touchAfterMs) {
      // One round trip: the throttled touch, or (when it did not apply) the row as it stands.
      const r = await pool.query(
        `WITH touched AS (
           UPDATE console_sessions SET last_seen_at = $1, live_until = LEAST($1 + idle_ms, expires_at)
           WHERE id_hash = $2 AND live_until > $1 AND last_seen_at <= $1 - $3::bigint
           RETURNING ${SESSION_COLUMNS})
         SELECT * FROM touched
         UNION ALL
         SELECT ${SESSION_COLUMNS} FROM console_sessions
         WHERE id_hash = $2 AND NOT EXISTS (SELECT 1 FROM touched)`,
        [now, idHash, touchAfterMs],
      );
      const row = r.rows[0] as Row | undefined;
      if (row === undefined) return undefined;
      if (Number(row.live_until) > now) return toSession(row);
      await pool.query('DELETE FROM console_sessions WHERE id_hash = $1 AND live_until <= $2', [idHash, now]);
      return undefined;
    },
    rotate: (idHash, next, now) =>
      transaction(pool, async (client) => {
        // A concurrent rotation waits on the row lock here, then finds the row gone.
        const gone = await client.query(
          'DELETE FROM console_sessions WHERE id_hash = $1 AND live_until > $2',
          [idHash, now],
        );
        if (gone.rowCount !== 1) return false;
        if ((await client.query(INSERT_SESSION, sessionRow(next))).rowCount === 1) return true;
        throw new Error('console session rotation: the new id hash is taken');
      }),
    async delete(idHash) {
      return (await pool.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash])).rowCount === 1;
    },
    async deleteForUser(userId) {
      return (await pool.query('DELETE FROM console_sessions WHERE user_id = $1', [userId])).rowCount ?? 0;
    },
    async deleteExpired(now, limit) {
      const r = await pool.query(
        `DELETE FROM console_sessions WHERE id_hash IN
         (SELECT id_hash FROM console_sessions WHERE live_until <= $1 LIMIT $2)`,
        [now, limit],
      );
      return r.rowCount ?? 0;
    },
  };
}

const toRecord = (r: Row): OneTimeRecord => ({
  kind: String(r.kind),
  idHash: String(r.id_hash),
  value: String(r.value),
  expiresAt: Number(r.expires_at),
});

const COLUMNS = 'kind, id_hash, value, expires_at';

/** One-time records on PostgreSQL; `take` is one DELETE … RETURNING, so one replica gets a record. */
export function createPostgresOneTimeRecordStore(pool: pg.Pool): OneTimeRecordStore {
  return {
    put: (r, max) =>
      transaction(pool, async (client) => {
        // Counting stops at `max` rows: a flood costs a bounded scan. Concurrent puts may overshoot
        // the bound by their number, never grow it without end.
        const counted = await client.query(
          'SELECT COUNT(*)::int AS n FROM (SELECT 1 FROM one_time_records WHERE kind = $1 LIMIT $2) AS held',
          [r.kind, max],
        );
        const held = Number((counted.rows[0] as { n?: number } | undefined)?.n ?? 0);
        if (held >= max)
          await client.query(
            `DELETE FROM one_time_records WHERE kind = $1 AND id_hash IN
             (SELECT id_hash FROM one_time_records WHERE kind = $1 ORDER BY expires_at LIMIT $2)`,
            [r.kind, held - max + 1],
          );
        const inserted = await client.query(
          `INSERT INTO one_time_records (${COLUMNS}) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, id_hash) DO NOTHING`,
          [r.kind, r.idHash, r.value, r.expiresAt],
        );
        return inserted.rowCount === 1;
      }),
    async peek(kind, idHash, now) {
      const r = await pool.query(
        `SELECT ${COLUMNS} FROM one_time_records WHERE kind = $1 AND id_hash = $2 AND expires_at > $3`,
        [kind, idHash, now],
      );
      return r.rows[0] === undefined ? undefined : toRecord(r.rows[0] as Row);
    },
    async take(kind, idHash, now) {
      const r = await pool.query(
        `DELETE FROM one_time_records WHERE kind = $1 AND id_hash = $2 RETURNING ${COLUMNS}`,
        [kind, idHash],
      );
      const row = r.rows[0] as Row | undefined;
      // An expired record is deleted all the same, and not handed out.
      return row === undefined || Number(row.expires_at) <= now ? undefined : toRecord(row);
    },
    async delete(kind, idHash) {
      const r = await pool.query('DELETE FROM one_time_records WHERE kind = $1 AND id_hash = $2', [
        kind,
        idHash,
      ]);
      return r.rowCount === 1;
    },
    async deleteExpired(now, limit) {
      const r = await pool.query(
        `DELETE FROM one_time_records WHERE (kind, id_hash) IN
         (SELECT kind, id_hash FROM one_time_records WHERE expires_at <= $1 LIMIT $2)`,
        [now, limit],
      );
      return r.rowCount ?? 0;
    },
  };
}
