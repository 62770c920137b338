import type { ConversationKey, ConversationRecord, ConversationStore } from '../ports/conversation-store.js';

const id = (k: ConversationKey): string => JSON.stringify([k.tenant, k.principal, k.conversationId]);
const copy = (r: ConversationRecord): ConversationRecord => ({ ...r, payload: Buffer.from(r.payload) });
const live = (r: ConversationRecord | undefined, now: Date): r is ConversationRecord =>
  r !== undefined && Date.parse(r.expiresAt) > now.getTime();
const stale = (r: ConversationRecord, before: string, now: Date): boolean =>
  !live(r, now) || r.updatedAt < before;

/** In-process conversation store. */
export function createMemoryConversationStore(): ConversationStore {
  const rows = new Map<string, ConversationRecord>();
  return {
    get(key, now = new Date()) {
      const r = rows.get(id(key));
      return Promise.resolve(live(r, now) ? copy(r) : undefined);
    },
    put(record, expectedVersion) {
      const current = rows.get(id(record));
      const currentVersion = live(current, new Date()) ? current.version : 0;
      if (currentVersion !== expectedVersion) return Promise.resolve(false);
      rows.set(id(record), copy(record));
      return Promise.resolve(true);
    },
    delete: (key) => Promise.resolve(rows.delete(id(key))),
    listByPrincipal(tenant, principal, now = new Date()) {
      const keys = [...rows.values()]
        .filter((r) => r.tenant === tenant && r.principal === principal && live(r, now))
        .map((r) => ({ tenant: r.tenant, principal: r.principal, conversationId: r.conversationId }))
        .sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1));
      return Promise.resolve(keys);
    },
    deleteByPrincipal(tenant, principal) {
      let n = 0;
      for (const [k, r] of rows) if (r.tenant === tenant && r.principal === principal && rows.delete(k)) n++;
      return Promise.resolve(n);
    },
    deleteExpired(now = new Date()) {
      let n = 0;
      for (const [k, r] of rows) if (!live(r, now) && rows.delete(k)) n++;
      return Promise.resolve(n);
    },
    countStale(before, now = new Date()) {
      let n = 0;
      for (const r of rows.values()) if (stale(r, before, now)) n++;
      return Promise.resolve(n);
    },
    deleteStale(before, now = new Date()) {
      let n = 0;
      for (const [k, r] of rows) if (stale(r, before, now) && rows.delete(k)) n++;
      return Promise.resolve(n);
    },
  };
}
