import type pg from 'pg';
import type { DataKeyRecord, DataKeyStore } from '../ports/data-key-store.js';
import { transaction } from './database.js';

const toRecord = (r: Record<string, unknown>): DataKeyRecord => ({
  keyId: String(r.key_id),
  subject: String(r.subject),
  rootKeyId: String(r.root_key_id),
  wrapped: Buffer.from(r.wrapped as Uint8Array),
  createdAt: String(r.created_at),
});

/** Wrapped data keys on PostgreSQL. A deleted row stays in dead tuples until VACUUM (see README). */
export function createPostgresDataKeyStore(pool: pg.Pool): DataKeyStore {
  const one = async (sql: string, params: unknown[]) => {
    const r = await pool.query(sql, params);
    return r.rows[0] === undefined ? undefined : toRecord(r.rows[0] as Record<string, unknown>);
  };
  return {
    getBySubject: (subject) => one('SELECT * FROM data_keys WHERE subject = $1', [subject]),
    getById: (keyId) => one('SELECT * FROM data_keys WHERE key_id = $1', [keyId]),
    async insertIfAbsent(k) {
      await pool.query(
        `INSERT INTO data_keys (key_id, subject, root_key_id, wrapped, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subject) DO NOTHING`,
        [k.keyId, k.subject, k.rootKeyId, Buffer.from(k.wrapped), k.createdAt],
      );
      return (await one('SELECT * FROM data_keys WHERE subject = $1', [k.subject]))!;
    },
    async deleteBySubject(subject) {
      const r = await pool.query('DELETE FROM data_keys WHERE subject = $1', [subject]);
      return r.rowCount ?? 0;
    },
    async list() {
      return (await pool.query('SELECT * FROM data_keys ORDER BY created_at, key_id')).rows.map(toRecord);
    },
    rewrap: (updates) =>
      transaction(pool, async (client) => {
        let n = 0;
        for (const u of updates) {
          const r = await client.query(
            'UPDATE data_keys SET root_key_id = $1, wrapped = $2 WHERE key_id = $3 AND root_key_id = $4',
            [u.rootKeyId, Buffer.from(u.wrapped), u.keyId, u.fromRootKeyId],
          );
          n += r.rowCount ?? 0;
        }
        return n;
      }),
  };
}
