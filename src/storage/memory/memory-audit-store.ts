import {
  checkAppend,
  EMPTY_AUDIT_HEAD,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditHead,
  type AuditStore,
} from '../ports/audit-store.js';

/** In-process audit store: appends are atomic because the builder is synchronous. */
export function createMemoryAuditStore(): AuditStore {
  let head: AuditHead = structuredClone(EMPTY_AUDIT_HEAD);
  const entries = new Map<number, AuditEntry>();
  const checkpoints = new Map<number, AuditCheckpoint>();
  return {
    // async: a throwing builder becomes a rejection, never a synchronous throw.
    async append(build) {
      const result = build(structuredClone(head));
      checkAppend(head, result);
      for (const e of result.entries) entries.set(e.seq, { ...e });
      head = structuredClone(result.head);
      return Promise.resolve(result.entries.map((e) => ({ ...e })));
    },
    head: () => Promise.resolve(structuredClone(head)),
    range(from, limit) {
      const out: AuditEntry[] = [];
      for (let seq = Math.max(from, head.retainedFrom); seq < head.size && out.length < limit; seq++) {
        const e = entries.get(seq);
        if (e !== undefined) out.push({ ...e });
      }
      return Promise.resolve(out);
    },
    getById: (id) => Promise.resolve([...entries.values()].find((e) => e.id === id)),
    firstSeqAtOrAfter(time) {
      const seqs = [...entries.values()].filter((e) => e.time >= time).map((e) => e.seq);
      return Promise.resolve(seqs.length === 0 ? undefined : Math.min(...seqs));
    },
    addCheckpoint(cp) {
      if (!checkpoints.has(cp.treeSize)) checkpoints.set(cp.treeSize, structuredClone(cp));
      return Promise.resolve();
    },
    checkpoints: () =>
      Promise.resolve(
        [...checkpoints.values()].sort((a, b) => a.treeSize - b.treeSize).map((c) => structuredClone(c)),
      ),
    purgeBefore(seq) {
      let n = 0;
      for (const key of [...entries.keys()]) if (key < seq && entries.delete(key)) n++;
      head = { ...head, retainedFrom: Math.max(head.retainedFrom, Math.min(seq, head.size)) };
      return Promise.resolve(n);
    },
  };
}
