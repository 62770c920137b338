import type { DataKeyRecord, DataKeyStore } from '../ports/data-key-store.js';

/** In-process data key store. */
export function createMemoryDataKeyStore(): DataKeyStore {
  const rows = new Map<string, DataKeyRecord>();
  const copy = (r: DataKeyRecord): DataKeyRecord => ({ ...r, wrapped: Buffer.from(r.wrapped) });
  const bySubject = (subject: string) => [...rows.values()].find((r) => r.subject === subject);
  return {
    getBySubject: (subject) => Promise.resolve(mapOpt(bySubject(subject), copy)),
    getById: (keyId) => Promise.resolve(mapOpt(rows.get(keyId), copy)),
    insertIfAbsent(key) {
      const existing = bySubject(key.subject);
      if (existing !== undefined) return Promise.resolve(copy(existing));
      rows.set(key.keyId, copy(key));
      return Promise.resolve(copy(key));
    },
    deleteBySubject(subject) {
      const doomed = [...rows.values()].filter((r) => r.subject === subject);
      for (const r of doomed) {
        Buffer.from(r.wrapped.buffer, r.wrapped.byteOffset, r.wrapped.byteLength).fill(0);
        rows.delete(r.keyId);
      }
      return Promise.resolve(doomed.length);
    },
    list: () => Promise.resolve([...rows.values()].map(copy)),
    rewrap(updates) {
      const ok = updates.filter((u) => rows.get(u.keyId)?.rootKeyId === u.fromRootKeyId);
      for (const u of ok)
        rows.set(u.keyId, { ...rows.get(u.keyId)!, rootKeyId: u.rootKeyId, wrapped: Buffer.from(u.wrapped) });
      return Promise.resolve(ok.length);
    },
  };
}

function mapOpt<T, U>(value: T | undefined, f: (v: T) => U): U | undefined {
  return value === undefined ? undefined : f(value);
}
