import type { DatabaseSync } from 'node:sqlite';
import {
  checkAppend,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditHead,
  type AuditStore,
} from '../ports/audit-store.js';
import { immediate } from './database.js';

type Row = Record<string, unknown>;

const toEntry = (r: Row): AuditEntry => ({
  seq: Number(r.seq),
  id: String(r.id),
  time: String(r.time),
  body: String(r.body),
  leafHash: String(r.leaf_hash),
  chainHash: String(r.chain_hash),
});

const toCheckpoint = (r: Row): AuditCheckpoint => ({
  treeSize: Number(r.tree_size),
  rootHash: String(r.root_hash),
  chainHash: String(r.chain_hash),
  time: String(r.time),
  keyId: String(r.key_id),
  signature: String(r.signature),
  frontier: JSON.parse(String(r.frontier)) as string[],
});

/** Audit store on SQLite: appends take the database write lock (BEGIN IMMEDIATE) across processes. */
export function createSqliteAuditStore(db: DatabaseSync): AuditStore {
  const readHead = (): AuditHead => {
    const r = db
      .prepare('SELECT size, chain_hash, frontier, retained_from FROM audit_head WHERE id = 1')
      .get()!;
    return {
      size: Number(r.size),
      chainHash: String(r.chain_hash),
      frontier: JSON.parse(String(r.frontier)) as string[],
      retainedFrom: Number(r.retained_from),
    };
  };
  const insert = db.prepare(
    'INSERT INTO audit_entries (seq, id, time, body, leaf_hash, chain_hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const writeHead = db.prepare(
    'UPDATE audit_head SET size = ?, chain_hash = ?, frontier = ?, retained_from = ? WHERE id = 1',
  );

  return {
    // async: a throwing builder becomes a rejection, never a synchronous throw.
    async append(build) {
      return Promise.resolve(
        immediate(db, () => {
          const head = readHead();
          const result = build(head);
          checkAppend(head, result);
          for (const e of result.entries) insert.run(e.seq, e.id, e.time, e.body, e.leafHash, e.chainHash);
          const h = result.head;
          writeHead.run(h.size, h.chainHash, JSON.stringify(h.frontier), h.retainedFrom);
          return result.entries;
        }),
      );
    },
    head: () => Promise.resolve(readHead()),
    range: (from, limit) =>
      Promise.resolve(
        db
          .prepare('SELECT * FROM audit_entries WHERE seq >= ? ORDER BY seq LIMIT ?')
          .all(from, limit)
          .map(toEntry),
      ),
    getById(id) {
      const r = db.prepare('SELECT * FROM audit_entries WHERE id = ?').get(id);
      return Promise.resolve(r === undefined ? undefined : toEntry(r));
    },
    firstSeqAtOrAfter(time) {
      const r = db.prepare('SELECT MIN(seq) AS seq FROM audit_entries WHERE time >= ?').get(time);
      return Promise.resolve(r?.seq === null || r === undefined ? undefined : Number(r.seq));
    },
    addCheckpoint(c) {
      db.prepare(
        `INSERT INTO audit_checkpoints (tree_size, root_hash, chain_hash, time, key_id, signature, frontier)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING`,
      ).run(c.treeSize, c.rootHash, c.chainHash, c.time, c.keyId, c.signature, JSON.stringify(c.frontier));
      return Promise.resolve();
    },
    checkpoints: () =>
      Promise.resolve(
        db.prepare('SELECT * FROM audit_checkpoints ORDER BY tree_size').all().map(toCheckpoint),
      ),
    purgeBefore(seq) {
      return Promise.resolve(
        immediate(db, () => {
          const deleted = Number(db.prepare('DELETE FROM audit_entries WHERE seq < ?').run(seq).changes);
          db.prepare(
            'UPDATE audit_head SET retained_from = MAX(retained_from, MIN(?, size)) WHERE id = 1',
          ).run(seq);
          return deleted;
        }),
      );
    },
  };
}
