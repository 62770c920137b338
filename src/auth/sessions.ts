import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Level } from '../core/index.js';
import type { UserRecord } from '../storage/index.js';

/** The cookie name: `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-bulwark_session';

/** A console session, created only after password and second factor both passed. */
export interface Session {
  id: string;
  /** Synchronizer token: state-changing requests must echo it in `x-csrf-token`. */
  csrf: string;
  userId: string;
  tenant: string;
  roles: string[];
  clearance: Level;
  /** The user record's version when the session last agreed with it (privilege changes bump it). */
  userVersion: number;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** Idle timeout (default 30 min). */
  idleMs?: number;
  /** Absolute lifetime regardless of activity (default 12 h). */
  absoluteMs?: number;
  /** Bound on live sessions; the oldest is dropped beyond it (default 10 000). */
  max?: number;
  now?: () => number;
}

const token = () => randomBytes(32).toString('base64url');

/** Constant-time comparison of two CSRF tokens. */
export function csrfMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Console sessions held in this process's memory, with idle and absolute timeouts and id rotation.
 * One replica only: behind a load balancer use sticky sessions (a shared store is a follow-up).
 */
export function createSessionStore(options: SessionStoreOptions = {}) {
  const idle = options.idleMs ?? 30 * 60_000;
  const absolute = options.absoluteMs ?? 12 * 3_600_000;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();

  const live = (s: Session) => now() - s.lastSeenAt < idle && now() - s.createdAt < absolute;

  return {
    create(user: UserRecord): Session {
      const at = now();
      const session: Session = {
        id: token(),
        csrf: token(),
        userId: user.id,
        tenant: user.tenant,
        roles: [...user.roles],
        clearance: user.clearance,
        userVersion: user.version,
        createdAt: at,
        lastSeenAt: at,
      };
      sessions.set(session.id, session);
      if (sessions.size > max) sessions.delete(sessions.keys().next().value!);
      return session;
    },
    /** The live session for an id (and marks it used), or undefined when unknown or timed out. */
    use(id: string): Session | undefined {
      const s = sessions.get(id);
      if (!s) return undefined;
      if (!live(s)) {
        sessions.delete(id);
        return undefined;
      }
      s.lastSeenAt = now();
      return s;
    },
    /**
     * Replaces the session's id and CSRF token, keeping its start time (the absolute timeout still
     * counts from login), and adopts the user's current roles. Called when privileges change.
     */
    rotate(id: string, user: UserRecord): Session | undefined {
      const s = sessions.get(id);
      if (!s) return undefined;
      sessions.delete(id);
      const next: Session = {
        ...s,
        id: token(),
        csrf: token(),
        roles: [...user.roles],
        clearance: user.clearance,
        userVersion: user.version,
      };
      sessions.set(next.id, next);
      return next;
    },
    destroy(id: string): void {
      sessions.delete(id);
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
