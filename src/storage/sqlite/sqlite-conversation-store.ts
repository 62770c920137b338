import type { DatabaseSync } from 'node:sqlite';
import type { ConversationRecord, ConversationStore } from '../ports/conversation-store.js';
import { immediate } from './database.js';

const toRecord = (r: Record<string, unknown>): ConversationRecord => ({
  tenant: String(r.tenant),
  principal: String(r.principal),
  conversationId: String(r.conversation_id),
  payload: Buffer.from(r.payload as Uint8Array),
  version: Number(r.version),
  updatedAt: String(r.updated_at),
  expiresAt: String(r.expires_at),
});

const KEY = 'tenant = ? AND principal = ? AND conversation_id = ?';
const STALE = 'expires_at <= ? OR updated_at < ?';

/** Conversations on SQLite; the payload column holds ciphertext only. */
export function createSqliteConversationStore(db: DatabaseSync): ConversationStore {
  return {
    get(k, now = new Date()) {
      const r = db
        .prepare(`SELECT * FROM conversations WHERE ${KEY} AND expires_at > ?`)
        .get(k.tenant, k.principal, k.conversationId, now.toISOString());
      return Promise.resolve(r === undefined ? undefined : toRecord(r));
    },
    put(r, expectedVersion) {
      const ok = immediate(db, () => {
        const key = [r.tenant, r.principal, r.conversationId] as const;
        if (expectedVersion === 0) {
          db.prepare(`DELETE FROM conversations WHERE ${KEY} AND expires_at <= ?`).run(
            ...key,
            new Date().toISOString(),
          );
          const inserted = db
            .prepare(
              `INSERT INTO conversations (tenant, principal, conversation_id, payload, version, updated_at, expires_at)
               VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
            )
            .run(...key, r.payload, r.version, r.updatedAt, r.expiresAt);
          return Number(inserted.changes) === 1;
        }
        const updated = db
          .prepare(
            `UPDATE conversations SET payload = ?, version = ?, updated_at = ?, expires_at = ? WHERE ${KEY} AND version = ?`,
          )
          .run(r.payload, r.version, r.updatedAt, r.expiresAt, ...key, expectedVersion);
        return Number(updated.changes) === 1;
      });
      return Promise.resolve(ok);
    },
    delete(k) {
      const n = db
        .prepare(`DELETE FROM conversations WHERE ${KEY}`)
        .run(k.tenant, k.principal, k.conversationId);
      return Promise.resolve(Number(n.changes) > 0);
    },
    listByPrincipal(tenant, principal, now = new Date()) {
      const rows = db
        .prepare(
          `SELECT conversation_id FROM conversations WHERE tenant = ? AND principal = ? AND expires_at > ?
           ORDER BY conversation_id`,
        )
        .all(tenant, principal, now.toISOString());
      return Promise.resolve(
        rows.map((r) => ({ tenant, principal, conversationId: String(r.conversation_id) })),
      );
    },
    deleteByPrincipal(tenant, principal) {
      const n = db
        .prepare('DELETE FROM conversations WHERE tenant = ? AND principal = ?')
        .run(tenant, principal);
      return Promise.resolve(Number(n.changes));
    },
    countStale(before, now = new Date()) {
      const row = db
        .prepare(`SELECT COUNT(*) AS n FROM conversations WHERE ${STALE}`)
        .get(now.toISOString(), before);
      return Promise.resolve(Number(row?.n ?? 0));
    },
    deleteStale(before, now = new Date()) {
      const n = db.prepare(`DELETE FROM conversations WHERE ${STALE}`).run(now.toISOString(), before);
      return Promise.resolve(Number(n.changes));
    },
    deleteExpired(now = new Date()) {
      const n = db.prepare('DELETE FROM conversations WHERE expires_at <= ?').run(now.toISOString());
      return Promise.resolve(Number(n.changes));
    },
  };
}
