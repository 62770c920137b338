import type pg from 'pg';
import { foldAlert, newAlertRecord, type AlertRecord, type AlertStore } from '../ports/alert-store.js';
import { transaction } from './database.js';

const toRecord = (r: Record<string, unknown>): AlertRecord => r.data as AlertRecord;

const STALE = "status <> 'open' AND last_seen < $1";

/** Alerts on PostgreSQL; `raise` holds a transaction-scoped advisory lock on the dedupe key. */
export function createPostgresAlertStore(pool: pg.Pool): AlertStore {
  const get = async (client: pg.Pool | pg.PoolClient, id: string) => {
    const r = await client.query('SELECT data FROM alerts WHERE id = $1', [id]);
    return r.rows[0] === undefined ? undefined : toRecord(r.rows[0] as Record<string, unknown>);
  };
  const update = (client: pg.Pool | pg.PoolClient, r: AlertRecord) =>
    client.query('UPDATE alerts SET status = $1, last_seen = $2, data = $3 WHERE id = $4', [
      r.status,
      r.lastSeen,
      JSON.stringify(r),
      r.id,
    ]);
  return {
    raise: (a, since) =>
      transaction(pool, async (client) => {
        // Two replicas raising the same incident serialise here instead of inserting twice.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [a.dedupeKey]);
        const found = await client.query(
          `SELECT data FROM alerts WHERE dedupe_key = $1 AND status <> 'resolved' AND last_seen >= $2
           ORDER BY first_seen DESC LIMIT 1`,
          [a.dedupeKey, since],
        );
        const row = found.rows[0] as Record<string, unknown> | undefined;
        if (row !== undefined) {
          const next = foldAlert(toRecord(row), a);
          await update(client, next);
          return { alert: next, created: false };
        }
        const r = newAlertRecord(a);
        await client.query(
          'INSERT INTO alerts (id, dedupe_key, status, first_seen, last_seen, data) VALUES ($1, $2, $3, $4, $5, $6)',
          [r.id, r.dedupeKey, r.status, r.firstSeen, r.lastSeen, JSON.stringify(r)],
        );
        return { alert: r, created: true };
      }),
    get: (id) => get(pool, id),
    async list(filter = {}) {
      const limit = filter.limit ?? 100;
      const r =
        filter.status === undefined
          ? await pool.query('SELECT data FROM alerts ORDER BY first_seen DESC LIMIT $1', [limit])
          : await pool.query('SELECT data FROM alerts WHERE status = $1 ORDER BY first_seen DESC LIMIT $2', [
              filter.status,
              limit,
            ]);
      return r.rows.map((row) => toRecord(row as Record<string, unknown>));
    },
    async acknowledge(id, by, at) {
      const r = await get(pool, id);
      if (r === undefined) return undefined;
      const next: AlertRecord = { ...r, status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at };
      await update(pool, next);
      return next;
    },
    async countStale(before) {
      const r = await pool.query(`SELECT COUNT(*)::int AS n FROM alerts WHERE ${STALE}`, [before]);
      return Number((r.rows[0] as { n?: number } | undefined)?.n ?? 0);
    },
    async deleteStale(before) {
      return (await pool.query(`DELETE FROM alerts WHERE ${STALE}`, [before])).rowCount ?? 0;
    },
    async countCreatedSince(since) {
      const r = await pool.query('SELECT COUNT(*)::int AS n FROM alerts WHERE first_seen >= $1', [since]);
      return Number((r.rows[0] as { n?: number } | undefined)?.n ?? 0);
    },
  };
}
