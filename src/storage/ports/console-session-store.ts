import type { Level } from '../../core/index.js';

/**
 * A console session as stored. The key is a keyed hash of the session id (computed by `auth`); the
 * id itself, and the CSRF token derived from it, are never stored, so a database read yields no
 * cookie that works. Times are epoch milliseconds.
 */
export interface ConsoleSessionRecord {
  /** HMAC of the session id under a key-ring secret, hex. */
  idHash: string;
  userId: string;
  tenant: string;
  roles: string[];
  clearance: Level;
  /** The user record's version when the session last agreed with it (privilege changes bump it). */
  userVersion: number;
  createdAt: number;
  lastSeenAt: number;
  /** Idle timeout: the session dies `idleMs` after `lastSeenAt`. */
  idleMs: number;
  /** Absolute deadline (createdAt + lifetime); never moved, kept across rotation. */
  expiresAt: number;
}

/** When a session dies unless used again: the earlier of its idle and absolute deadlines. */
export const sessionDeadline = (s: Pick<ConsoleSessionRecord, 'lastSeenAt' | 'idleMs' | 'expiresAt'>) =>
  Math.min(s.lastSeenAt + s.idleMs, s.expiresAt);

/** Storage port for console sessions, shared by every gateway replica on the same database. */
export interface ConsoleSessionStore {
  /** Stores a new session; false when the hash is taken. */
  create(session: ConsoleSessionRecord): Promise<boolean>;
  /**
   * The session if it is live at `now` (before both deadlines). Its `lastSeenAt` moves to `now`
   * only when it is at least `touchAfterMs` old (a conditional write, so not every request writes).
   * A dead session is deleted and undefined returned.
   */
  use(idHash: string, now: number, touchAfterMs: number): Promise<ConsoleSessionRecord | undefined>;
  /**
   * In one transaction: deletes the session `idHash` if live at `now` and inserts `next`. False,
   * with nothing written, when it was gone or dead (another replica rotated it, or a logout).
   */
  rotate(idHash: string, next: ConsoleSessionRecord, now: number): Promise<boolean>;
  /** Logout; false when there was no such session. */
  delete(idHash: string): Promise<boolean>;
  /** Ends every session of a user (disabled); returns how many. */
  deleteForUser(userId: string): Promise<number>;
  /** Deletes up to `limit` sessions dead at `now` (bounded, so it can ride along other work). */
  deleteExpired(now: number, limit: number): Promise<number>;
}
