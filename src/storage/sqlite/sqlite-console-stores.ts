import type { DatabaseSync } from 'node:sqlite';
import type { Level } from '../../core/index.js';
import {
  sessionDeadline,
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
} from '../ports/console-session-store.js';
import type { OneTimeRecord, OneTimeRecordStore } from '../ports/one-time-record-store.js';
import { immediate } from './database.js';

const SESSION_COLUMNS = 'id_hash, user_id, created_at, last_seen_at, idle_ms, expires_at, data';

function toSession(r: Record<string, unknown>): ConsoleSessionRecord {
  const data = JSON.parse(String(r.data)) as {
    tenant: string;
    roles: string[];
    clearance: Level;
    userVersion: number;
  };
  return {
    idHash: String(r.id_hash),
    userId: String(r.user_id),
    ...data,
    createdAt: Number(r.created_at),
    lastSeenAt: Number(r.last_seen_at),
    idleMs: Number(r.idle_ms),
    expiresAt: Number(r.expires_at),
  };
}

/** The row's columns; `live_until` (the earlier deadline) is indexed for lookups and cleanup. */
const sessionRow = (s: ConsoleSessionRecord) =>
  [
    s.idHash,
    s.userId,
    s.createdAt,
    s.lastSeenAt,
    s.idleMs,
    s.expiresAt,
    sessionDeadline(s),
    JSON.stringify({ tenant: s.tenant, roles: s.roles, clearance: s.clearance, userVersion: s.userVersion }),
  ] as const;

/** Console sessions on SQLite: one row per session, keyed by the id's keyed hash. */
export function createSqliteConsoleSessionStore(db: DatabaseSync): ConsoleSessionStore {
  const insert = db.prepare(
    `INSERT INTO console_sessions (id_hash, user_id, created_at, last_seen_at, idle_ms, expires_at, live_until, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id_hash) DO NOTHING`,
  );
  const touch = db.prepare(
    `UPDATE console_sessions SET last_seen_at = ?1, live_until = MIN(?1 + idle_ms, expires_at)
     WHERE id_hash = ?2 AND live_until > ?1 AND last_seen_at <= ?1 - ?3 RETURNING ${SESSION_COLUMNS}`,
  );
  const select = db.prepare(`SELECT ${SESSION_COLUMNS}, live_until FROM console_sessions WHERE id_hash = ?`);
  const remove = db.prepare('DELETE FROM console_sessions WHERE id_hash = ?');
  const removeDead = db.prepare('DELETE FROM console_sessions WHERE id_hash = ? AND live_until <= ?');
  const removeLive = db.prepare('DELETE FROM console_sessions WHERE id_hash = ? AND live_until > ?');
  return {
    async create(s) {
      return Number(insert.run(...sessionRow(s)).changes) === 1;
    },
    async use(idHash, now, touchAfterMs) {
      const touched = touch.get(now, idHash, touchAfterMs);
      if (touched !== undefined) return toSession(touched);
      const row = select.get(idHash);
      if (row === undefined) return undefined;
      if (Number(row.live_until) > now) return toSession(row);
      removeDead.run(idHash, now);
      return undefined;
    },
    async rotate(idHash, next, now) {
      return immediate(db, () => {
        if (Number(removeLive.run(idHash, now).changes) !== 1) return false;
        if (Number(insert.run(...sessionRow(next)).changes) === 1) return true;
        throw new Error('console session rotation: the new id hash is taken');
      });
    },
    async delete(idHash) {
      return Number(remove.run(idHash).changes) === 1;
    },
    async deleteForUser(userId) {
      return Number(db.prepare('DELETE FROM console_sessions WHERE user_id = ?').run(userId).changes);
    },
    async deleteExpired(now, limit) {
      return Number(
        db
          .prepare(
            `DELETE FROM console_sessions WHERE id_hash IN
             (SELECT id_hash FROM console_sessions WHERE live_until <= ? LIMIT ?)`,
          )
          .run(now, limit).changes,
      );
    },
  };
}

const toRecord = (r: Record<string, unknown>): OneTimeRecord => ({
  kind: String(r.kind),
  idHash: String(r.id_hash),
  value: String(r.value),
  expiresAt: Number(r.expires_at),
});

/** One-time records on SQLite; `take` is one DELETE … RETURNING, so a record is handed out once. */
export function createSqliteOneTimeRecordStore(db: DatabaseSync): OneTimeRecordStore {
  const COLUMNS = 'kind, id_hash, value, expires_at';
  return {
    async put(r, max) {
      return immediate(db, () => {
        // Counting stops at `max` rows, so a flood costs a bounded scan, not one of the whole table.
        const held = Number(
          db
            .prepare('SELECT COUNT(*) AS n FROM (SELECT 1 FROM one_time_records WHERE kind = ? LIMIT ?)')
            .get(r.kind, max)?.n ?? 0,
        );
        if (held >= max)
          db.prepare(
            `DELETE FROM one_time_records WHERE kind = ?1 AND id_hash IN
             (SELECT id_hash FROM one_time_records WHERE kind = ?1 ORDER BY expires_at LIMIT ?2)`,
          ).run(r.kind, held - max + 1);
        const inserted = db
          .prepare(
            `INSERT INTO one_time_records (kind, id_hash, value, expires_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (kind, id_hash) DO NOTHING`,
          )
          .run(r.kind, r.idHash, r.value, r.expiresAt);
        return Number(inserted.changes) === 1;
      });
    },
    async peek(kind, idHash, now) {
      const row = db
        .prepare(`SELECT ${COLUMNS} FROM one_time_records WHERE kind = ? AND id_hash = ? AND expires_at > ?`)
        .get(kind, idHash, now);
      return row === undefined ? undefined : toRecord(row);
    },
    async take(kind, idHash, now) {
      const row = db
        .prepare(`DELETE FROM one_time_records WHERE kind = ? AND id_hash = ? RETURNING ${COLUMNS}`)
        .get(kind, idHash);
      // An expired record is deleted all the same, and not handed out.
      return row === undefined || Number(row.expires_at) <= now ? undefined : toRecord(row);
    },
    async delete(kind, idHash) {
      const r = db.prepare('DELETE FROM one_time_records WHERE kind = ? AND id_hash = ?').run(kind, idHash);
      return Number(r.changes) === 1;
    },
    async deleteExpired(now, limit) {
      return Number(
        db
          .prepare(
            `DELETE FROM one_time_records WHERE rowid IN
             (SELECT rowid FROM one_time_records WHERE expires_at <= ? LIMIT ?)`,
          )
          .run(now, limit).changes,
      );
    },
  };
}
