import type pg from 'pg';
import {
  checkAppend,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditHead,
  type AuditStore,
} from '../ports/audit-store.js';
import { transaction } from './database.js';

type Row = Record<string, unknown>;

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  id: String(r.id),
  time: String(r.time),
  body: String(r.body),
  leafHash: String(r.leaf_hash),
  chainHash: String(r.chain_hash),
});

const toHead = (r: Row): AuditHead => ({
  size: Number(r.size),
  chainHash: String(r.chain_hash),
  frontier: r.frontier as string[],
  retainedFrom: Number(r.retained_from),
});

const toCheckpoint = (r: Row): AuditCheckpoint => ({
  treeSize: Number(r.tree_size),
  rootHash: String(r.root_hash),
  chainHash: String(r.chain_hash),
  time: String(r.time),
  keyId: String(r.key_id),
  signature: String(r.signature),
  frontier: r.frontier as string[],
});

/**
 * Audit store on PostgreSQL. Every append locks the single head row (SELECT … FOR UPDATE), so appends
 * from any number of gateway replicas are serialised into one total order, and each seq is assigned in
 * the same transaction that writes its chain hash.
 */
export function createPostgresAuditStore(pool: pg.Pool): AuditStore {
  return {
    append: (build) =>
      transaction(pool, async (client) => {
        const head = toHead(
          (await client.query('SELECT * FROM audit_head WHERE id = 1 FOR UPDATE')).rows[0] as Row,
        );
        const result = build(head);
        checkAppend(head, result);
        if (result.entries.length > 0) {
          const cols = ['seq', 'id', 'time', 'body', 'leaf_hash', 'chain_hash'] as const;
          const values: unknown[] = [];
          const tuples = result.entries.map((e, i) => {
            values.push(e.seq, e.id, e.time, e.body, e.leafHash, e.chainHash);
            return `(${cols.map((_, j) => `$${i * cols.length + j + 1}`).join(', ')})`;
          });
          await client.query(
            `INSERT INTO audit_entries (${cols.join(', ')}) VALUES ${tuples.join(', ')}`,
            values,
          );
        }
        const h = result.head;
        await client.query(
          'UPDATE audit_head SET size = $1, chain_hash = $2, frontier = $3, retained_from = $4 WHERE id = 1',
          [h.size, h.chainHash, JSON.stringify(h.frontier), h.retainedFrom],
        );
        return result.entries;
      }),
    async head() {
      return toHead((await pool.query('SELECT * FROM audit_head WHERE id = 1')).rows[0] as Row);
    },
    async range(from, limit) {
      const r = await pool.query('SELECT * FROM audit_entries WHERE seq >= $1 ORDER BY seq LIMIT $2', [
        from,
        limit,
      ]);
      return r.rows.map(toEntry);
    },
    async getById(id) {
      const r = await pool.query('SELECT * FROM audit_entries WHERE id = $1', [id]);
      return r.rows[0] === undefined ? undefined : toEntry(r.rows[0] as Row);
    },
    async firstSeqAtOrAfter(time) {
      const r = await pool.query<{ seq: string | null }>(
        'SELECT MIN(seq) AS seq FROM audit_entries WHERE time >= $1',
        [time],
      );
      const seq = r.rows[0]?.seq;
      return seq === null || seq === undefined ? undefined : Number(seq);
    },
    async addCheckpoint(c) {
      await pool.query(
        `INSERT INTO audit_checkpoints (tree_size, root_hash, chain_hash, time, key_id, signature, frontier)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tree_size) DO NOTHING`,
        [c.treeSize, c.rootHash, c.chainHash, c.time, c.keyId, c.signature, JSON.stringify(c.frontier)],
      );
    },
    async checkpoints() {
      return (await pool.query('SELECT * FROM audit_checkpoints ORDER BY tree_size')).rows.map(toCheckpoint);
    },
    purgeBefore: (seq) =>
      transaction(pool, async (client) => {
        await client.query('SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE');
        const r = await client.query('DELETE FROM audit_entries WHERE seq < $1', [seq]);
        await client.query(
          'UPDATE audit_head SET retained_from = GREATEST(retained_from, LEAST($1, size)) WHERE id = 1',
          [seq],
        );
        return r.rowCount ?? 0;
      }),
  };
}
