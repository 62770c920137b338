import type { RewrapUpdate, WrappedKey, WrappedKeyStore } from './wrapped-key-store.js';

/** An in-memory `WrappedKeyStore` for tests and one-shot tools; nothing survives the process. */
export function createMemoryKeyStore(): WrappedKeyStore & { rows: Map<string, WrappedKey> } {
  const rows = new Map<string, WrappedKey>();
  const copy = (k: WrappedKey): WrappedKey => ({ ...k, wrapped: Buffer.from(k.wrapped) });
  return {
    rows,
    getBySubject: (subject) =>
      Promise.resolve([...rows.values()].filter((r) => r.subject === subject).map(copy)[0]),
    getById: (keyId) => Promise.resolve(rows.has(keyId) ? copy(rows.get(keyId)!) : undefined),
    insertIfAbsent(key) {
      const existing = [...rows.values()].find((r) => r.subject === key.subject);
      if (existing !== undefined) return Promise.resolve(copy(existing));
      rows.set(key.keyId, copy(key));
      return Promise.resolve(copy(key));
    },
    deleteBySubject(subject) {
      let n = 0;
      for (const [id, r] of rows) if (r.subject === subject && rows.delete(id)) n++;
      return Promise.resolve(n);
    },
    list: () => Promise.resolve([...rows.values()].map(copy)),
    rewrap(updates: readonly RewrapUpdate[]) {
      const applicable = updates.filter((u) => rows.get(u.keyId)?.rootKeyId === u.fromRootKeyId);
      for (const u of applicable) {
        const row = rows.get(u.keyId)!;
        rows.set(u.keyId, { ...row, rootKeyId: u.rootKeyId, wrapped: Buffer.from(u.wrapped) });
      }
      return Promise.resolve(applicable.length);
    },
  };
}
