import type { DatabaseSync } from 'node:sqlite';
import type { DataKeyRecord, DataKeyStore } from '../ports/data-key-store.js';
import { immediate } from './database.js';

const toRecord = (r: Record<string, unknown>): DataKeyRecord => ({
  keyId: String(r.key_id),
  subject: String(r.subject),
  rootKeyId: String(r.root_key_id),
  wrapped: Buffer.from(r.wrapped as Uint8Array),
  createdAt: String(r.created_at),
});

/** Wrapped data keys on SQLite; deletes are overwritten on disk (secure_delete) and flushed from the WAL. */
export function createSqliteDataKeyStore(db: DatabaseSync): DataKeyStore {
  const bySubject = (subject: string) => {
    const r = db.prepare('SELECT * FROM data_keys WHERE subject = ?').get(subject);
    return r === undefined ? undefined : toRecord(r);
  };
  return {
    getBySubject: (subject) => Promise.resolve(bySubject(subject)),
    getById(keyId) {
      const r = db.prepare('SELECT * FROM data_keys WHERE key_id = ?').get(keyId);
      return Promise.resolve(r === undefined ? undefined : toRecord(r));
    },
    insertIfAbsent(k) {
      db.prepare(
        `INSERT INTO data_keys (key_id, subject, root_key_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subject) DO NOTHING`,
      ).run(k.keyId, k.subject, k.rootKeyId, k.wrapped, k.createdAt);
      return Promise.resolve(bySubject(k.subject)!);
    },
    deleteBySubject(subject) {
      const n = Number(db.prepare('DELETE FROM data_keys WHERE subject = ?').run(subject).changes);
      // Copy the WAL back into the main file and truncate it, so the old page is gone from the WAL too.
      if (n > 0) db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return Promise.resolve(n);
    },
    list: () =>
      Promise.resolve(db.prepare('SELECT * FROM data_keys ORDER BY created_at, key_id').all().map(toRecord)),
    rewrap(updates) {
      const stmt = db.prepare(
        'UPDATE data_keys SET root_key_id = ?, wrapped = ? WHERE key_id = ? AND root_key_id = ?',
      );
      const n = immediate(db, () =>
        updates.reduce(
          (sum, u) => sum + Number(stmt.run(u.rootKeyId, u.wrapped, u.keyId, u.fromRootKeyId).changes),
          0,
        ),
      );
      // Old wrappings are overwritten in place; checkpoint so they leave the WAL as well.
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return Promise.resolve(n);
    },
  };
}
