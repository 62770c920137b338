import {
  sessionDeadline,
  type ConsoleSessionRecord,
  type ConsoleSessionStore,
} from '../ports/console-session-store.js';
import type { OneTimeRecord, OneTimeRecordStore } from '../ports/one-time-record-store.js';

const clone = <T>(v: T): T => structuredClone(v);

/** In-process console sessions (tests and one-process tools; replicas need a SQL backend). */
export function createMemoryConsoleSessionStore(): ConsoleSessionStore {
  const sessions = new Map<string, ConsoleSessionRecord>();
  const live = (idHash: string, now: number) => {
    const s = sessions.get(idHash);
    return s !== undefined && sessionDeadline(s) > now ? s : undefined;
  };
  return {
    create(s) {
      if (sessions.has(s.idHash)) return Promise.resolve(false);
      sessions.set(s.idHash, clone(s));
      return Promise.resolve(true);
    },
    use(idHash, now, touchAfterMs) {
      const s = live(idHash, now);
      if (s === undefined) {
        sessions.delete(idHash);
        return Promise.resolve(undefined);
      }
      if (now - s.lastSeenAt >= touchAfterMs) s.lastSeenAt = now;
      return Promise.resolve(clone(s));
    },
    rotate(idHash, next, now) {
      if (live(idHash, now) === undefined || sessions.has(next.idHash)) return Promise.resolve(false);
      sessions.delete(idHash);
      sessions.set(next.idHash, clone(next));
      return Promise.resolve(true);
    },
    delete: (idHash) => Promise.resolve(sessions.delete(idHash)),
    deleteForUser(userId) {
      let n = 0;
      for (const [k, s] of sessions) if (s.userId === userId && sessions.delete(k)) n++;
      return Promise.resolve(n);
    },
    deleteExpired(now, limit) {
      let n = 0;
      for (const [k, s] of sessions) {
        if (n >= limit) break;
        if (sessionDeadline(s) <= now && sessions.delete(k)) n++;
      }
      return Promise.resolve(n);
    },
  };
}

/** In-process one-time records; insertion order doubles as age for the bound. */
export function createMemoryOneTimeRecordStore(): OneTimeRecordStore {
  const records = new Map<string, OneTimeRecord>();
  const key = (kind: string, idHash: string) => `${kind}\u0000${idHash}`;
  const live = (kind: string, idHash: string, now: number) => {
    const r = records.get(key(kind, idHash));
    return r !== undefined && r.expiresAt > now ? r : undefined;
  };
  return {
    put(r, max) {
      const k = key(r.kind, r.idHash);
      if (records.has(k)) return Promise.resolve(false);
      const sameKind = [...records.entries()]
        .filter(([, o]) => o.kind === r.kind)
        .sort(([, a], [, b]) => a.expiresAt - b.expiresAt);
      for (const [oldest] of sameKind.slice(0, Math.max(0, sameKind.length - max + 1)))
        records.delete(oldest);
      records.set(k, clone(r));
      return Promise.resolve(true);
    },
    peek: (kind, idHash, now) => Promise.resolve(clone(live(kind, idHash, now))),
    take(kind, idHash, now) {
      const r = live(kind, idHash, now);
      records.delete(key(kind, idHash));
      return Promise.resolve(clone(r));
    },
    delete: (kind, idHash) => Promise.resolve(records.delete(key(kind, idHash))),
    deleteExpired(now, limit) {
      let n = 0;
      for (const [k, r] of records) {
        if (n >= limit) break;
        if (r.expiresAt <= now && records.delete(k)) n++;
      }
      return Promise.resolve(n);
    },
  };
}
