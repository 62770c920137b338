import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BulwarkError, type Level } from '../core/index.js';
import type { KeyRing } from '../crypto/index.js';
import type { ConsoleSessionRecord, ConsoleSessionStore, UserRecord } from '../storage/index.js';

/** The cookie name: `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const SESSION_COOKIE = '__Host-bulwark_session';
/** Key-ring purpose of the HMAC key that hashes session ids and derives their CSRF tokens. */
export const SESSION_SECRET_PURPOSE = 'auth/console-session/v1';

/** A console session, created only after password and second factor both passed. */
export interface Session {
  /** The cookie value; only its keyed hash is stored. */
  id: string;
  /**
   * Synchronizer token: state-changing requests must echo it in `x-csrf-token`. Derived from the
   * id under the session key, so it is stored nowhere and changes whenever the id rotates.
   */
  csrf: string;
  userId: string;
  tenant: string;
  roles: string[];
  clearance: Level;
  /** The user record's version when the session last agreed with it (privilege changes bump it). */
  userVersion: number;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute deadline: the session ends then however busy it is. */
  expiresAt: number;
}

export interface SessionStoreOptions {
  /** Where sessions live: the storage backend's, so every replica on it shares them. */
  store: ConsoleSessionStore;
  keyRing: Pick<KeyRing, 'deriveSecret'>;
  /** Idle timeout (default 30 min). */
  idleMs?: number;
  /** Absolute lifetime regardless of activity (default 12 h). */
  absoluteMs?: number;
  /**
   * A session's last-seen time is written at most this often (default 60 s, at most a tenth of the
   * idle timeout), so reads stay reads; the idle timeout is therefore exact to within this much.
   */
  touchEveryMs?: number;
  now?: () => number;
}

/** Session ids are 32 random bytes, base64url; anything else is refused without a lookup. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
// Dead sessions are removed in bounded batches riding along logins, at most this often per process.
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 500;

const token = () => randomBytes(32).toString('base64url');
const mac = (key: Buffer, label: string, id: string) =>
  createHmac('sha256', key).update(label).update('\u0000').update(id).digest();

/** Constant-time comparison of two CSRF tokens. */
export function csrfMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Storage failures refuse (503), never log anyone in: sessions and SSO state fail closed. */
export async function failClosed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof BulwarkError) throw cause;
    throw new BulwarkError('SESSION_STORE_UNAVAILABLE', { cause });
  }
}

/**
 * Console sessions over the storage port, with idle and absolute timeouts and id rotation. The
 * store holds a keyed hash of each id (a database read yields no working cookie, and no CSRF
 * token, which is derived from the id); logout, rotation and disabling bite on every replica at
 * its next request. Every method rejects with SESSION_STORE_UNAVAILABLE when storage fails.
 */
export function createSessionStore(options: SessionStoreOptions) {
  const { store } = options;
  const idle = options.idleMs ?? 30 * 60_000;
  const absolute = options.absoluteMs ?? 12 * 3_600_000;
  const touchEvery = options.touchEveryMs ?? Math.min(60_000, Math.floor(idle / 10));
  const now = options.now ?? Date.now;
  let secret: Promise<Buffer> | undefined;
  let lastSweep = Number.NEGATIVE_INFINITY;

  // Derived once; a failed derivation (storage down at start) is retried on the next call.
  const key = () =>
    (secret ??= options.keyRing.deriveSecret(SESSION_SECRET_PURPOSE).catch((error: unknown) => {
      secret = undefined;
      throw error;
    }));
  const hashOf = (k: Buffer, id: string) => mac(k, 'session-id', id).toString('hex');

  const view = (id: string, k: Buffer, r: ConsoleSessionRecord): Session => ({
    id,
    csrf: mac(k, 'csrf', id).toString('base64url'),
    userId: r.userId,
    tenant: r.tenant,
    roles: [...r.roles],
    clearance: r.clearance,
    userVersion: r.userVersion,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    expiresAt: r.expiresAt,
  });

  async function sweep(at: number): Promise<void> {
    if (at - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = at;
    // Best effort: a failed cleanup must not fail the login it rides on; the next one retries.
    await store.deleteExpired(at, SWEEP_BATCH).catch(() => 0);
  }

  return {
    /** A new session for a user who has just passed both factors. */
    create: (user: UserRecord): Promise<Session> =>
      failClosed(async () => {
        const k = await key();
        const at = now();
        const id = token();
        const record: ConsoleSessionRecord = {
          idHash: hashOf(k, id),
          userId: user.id,
          tenant: user.tenant,
          roles: [...user.roles],
          clearance: user.clearance,
          userVersion: user.version,
          createdAt: at,
          lastSeenAt: at,
          idleMs: idle,
          expiresAt: at + absolute,
        };
        // 256 random bits: a collision means a broken random source, not bad luck.
        if (!(await store.create(record))) throw new Error('console session id collision');
        await sweep(at);
        return view(id, k, record);
      }),

    /** The live session for a cookie value (marking it used), or undefined when unknown or timed out. */
    use: (id: string): Promise<Session | undefined> =>
      !SESSION_ID.test(id)
        ? Promise.resolve(undefined)
        : failClosed(async () => {
            const k = await key();
            const record = await store.use(hashOf(k, id), now(), touchEvery);
            return record && view(id, k, record);
          }),

    /**
     * Replaces the session's id (and so its CSRF token) and adopts the user's current roles,
     * keeping the start time and absolute deadline. Called when privileges change. Undefined when
     * the session is no longer live (another replica rotated it first, or it was ended).
     */
    rotate: (session: Session, user: UserRecord): Promise<Session | undefined> =>
      failClosed(async () => {
        const k = await key();
        const at = now();
        const id = token();
        const next: ConsoleSessionRecord = {
          idHash: hashOf(k, id),
          userId: session.userId,
          tenant: user.tenant,
          roles: [...user.roles],
          clearance: user.clearance,
          userVersion: user.version,
          createdAt: session.createdAt,
          lastSeenAt: at,
          idleMs: idle,
          expiresAt: session.expiresAt,
        };
        return (await store.rotate(hashOf(k, session.id), next, at)) ? view(id, k, next) : undefined;
      }),

    /** Ends one session (logout). */
    destroy: (id: string): Promise<void> =>
      !SESSION_ID.test(id)
        ? Promise.resolve()
        : failClosed(async () => {
            await store.delete(hashOf(await key(), id));
          }),

    /** Ends every session of a user (disabled); returns how many there were. */
    destroyUser: (userId: string): Promise<number> => failClosed(() => store.deleteForUser(userId)),
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
