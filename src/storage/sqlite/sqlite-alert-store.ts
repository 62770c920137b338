import type { DatabaseSync } from 'node:sqlite';
import { foldAlert, newAlertRecord, type AlertRecord, type AlertStore } from '../ports/alert-store.js';
import { immediate } from './database.js';

const toRecord = (r: Record<string, unknown>): AlertRecord => JSON.parse(String(r.data)) as AlertRecord;

const STALE = "status <> 'open' AND last_seen < ?";

/** Alerts on SQLite: indexed columns for lookups, the record as JSON. */
export function createSqliteAlertStore(db: DatabaseSync): AlertStore {
  const write = (r: AlertRecord, insert: boolean) =>
    insert
      ? db
          .prepare(
            'INSERT INTO alerts (id, dedupe_key, status, first_seen, last_seen, data) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(r.id, r.dedupeKey, r.status, r.firstSeen, r.lastSeen, JSON.stringify(r))
      : db
          .prepare('UPDATE alerts SET status = ?, last_seen = ?, data = ? WHERE id = ?')
          .run(r.status, r.lastSeen, JSON.stringify(r), r.id);
  const get = (id: string) => {
    const row = db.prepare('SELECT data FROM alerts WHERE id = ?').get(id);
    return row === undefined ? undefined : toRecord(row);
  };
  return {
    raise: (a, since) =>
      Promise.resolve(
        immediate(db, () => {
          const row = db
            .prepare(
              `SELECT data FROM alerts WHERE dedupe_key = ? AND status <> 'resolved' AND last_seen >= ?
               ORDER BY first_seen DESC LIMIT 1`,
            )
            .get(a.dedupeKey, since);
          if (row !== undefined) {
            const next = foldAlert(toRecord(row), a);
            write(next, false);
            return { alert: next, created: false };
          }
          const r = newAlertRecord(a);
          write(r, true);
          return { alert: r, created: true };
        }),
      ),
    get: (id) => Promise.resolve(get(id)),
    list(filter = {}) {
      const limit = filter.limit ?? 100;
      const rows =
        filter.status === undefined
          ? db.prepare('SELECT data FROM alerts ORDER BY first_seen DESC LIMIT ?').all(limit)
          : db
              .prepare('SELECT data FROM alerts WHERE status = ? ORDER BY first_seen DESC LIMIT ?')
              .all(filter.status, limit);
      return Promise.resolve(rows.map(toRecord));
    },
    acknowledge(id, by, at) {
      const r = get(id);
      if (r === undefined) return Promise.resolve(undefined);
      const next: AlertRecord = { ...r, status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at };
      write(next, false);
      return Promise.resolve(next);
    },
    countStale(before) {
      const row = db.prepare(`SELECT COUNT(*) AS n FROM alerts WHERE ${STALE}`).get(before);
      return Promise.resolve(Number(row?.n ?? 0));
    },
    deleteStale(before) {
      return Promise.resolve(Number(db.prepare(`DELETE FROM alerts WHERE ${STALE}`).run(before).changes));
    },
    countCreatedSince(since) {
      const row = db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE first_seen >= ?').get(since);
      return Promise.resolve(Number(row?.n ?? 0));
    },
  };
}
