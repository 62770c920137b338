import type pg from 'pg';
import type { ConversationRecord, ConversationStore } from '../ports/conversation-store.js';
import { transaction } from './database.js';

const toRecord = (r: Record<string, unknown>): ConversationRecord => ({
  tenant: String(r.tenant),
  principal: String(r.principal),
  conversationId: String(r.conversation_id),
  payload: Buffer.from(r.payload as Uint8Array),
  version: Number(r.version),
  updatedAt: String(r.updated_at),
  expiresAt: String(r.expires_at),
});

const KEY = 'tenant = $1 AND principal = $2 AND conversation_id = $3';
const STALE = 'expires_at <= $1 OR updated_at < $2';

/** Conversations on PostgreSQL; the payload column holds ciphertext only. */
export function createPostgresConversationStore(pool: pg.Pool): ConversationStore {
  return {
    async get(k, now = new Date()) {
      const r = await pool.query(`SELECT * FROM conversations WHERE ${KEY} AND expires_at > $4`, [
        k.tenant,
        k.principal,
        k.conversationId,
        now.toISOString(),
      ]);
      return r.rows[0] === undefined ? undefined : toRecord(r.rows[0] as Record<string, unknown>);
    },
    put: (r, expectedVersion) =>
      transaction(pool, async (client) => {
        const key = [r.tenant, r.principal, r.conversationId];
        if (expectedVersion === 0) {
          await client.query(`DELETE FROM conversations WHERE ${KEY} AND expires_at <= $4`, [
            ...key,
            new Date().toISOString(),
          ]);
          const inserted = await client.query(
            `INSERT INTO conversations (tenant, principal, conversation_id, payload, version, updated_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [...key, Buffer.from(r.payload), r.version, r.updatedAt, r.expiresAt],
          );
          return inserted.rowCount === 1;
        }
        const updated = await client.query(
          `UPDATE conversations SET payload = $4, version = $5, updated_at = $6, expires_at = $7 WHERE ${KEY} AND version = $8`,
          [...key, Buffer.from(r.payload), r.version, r.updatedAt, r.expiresAt, expectedVersion],
        );
        return updated.rowCount === 1;
      }),
    async delete(k) {
      const r = await pool.query(`DELETE FROM conversations WHERE ${KEY}`, [
        k.tenant,
        k.principal,
        k.conversationId,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
    async listByPrincipal(tenant, principal, now = new Date()) {
      const r = await pool.query<{ conversation_id: string }>(
        `SELECT conversation_id FROM conversations WHERE tenant = $1 AND principal = $2 AND expires_at > $3
         ORDER BY conversation_id`,
        [tenant, principal, now.toISOString()],
      );
      return r.rows.map((row) => ({ tenant, principal, conversationId: row.conversation_id }));
    },
    async deleteByPrincipal(tenant, principal) {
      const r = await pool.query('DELETE FROM conversations WHERE tenant = $1 AND principal = $2', [
        tenant,
        principal,
      ]);
      return r.rowCount ?? 0;
    },
    async countStale(before, now = new Date()) {
      const r = await pool.query(`SELECT COUNT(*)::int AS n FROM conversations WHERE ${STALE}`, [
        now.toISOString(),
        before,
      ]);
      return Number((r.rows[0] as { n?: number } | undefined)?.n ?? 0);
    },
    async deleteStale(before, now = new Date()) {
      const r = await pool.query(`DELETE FROM conversations WHERE ${STALE}`, [now.toISOString(), before]);
      return r.rowCount ?? 0;
    },
    async deleteExpired(now = new Date()) {
      const r = await pool.query('DELETE FROM conversations WHERE expires_at <= $1', [now.toISOString()]);
      return r.rowCount ?? 0;
    },
  };
}
