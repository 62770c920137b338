import { createHmac, randomBytes } from 'node:crypto';
import { subjects, type KeyRing } from '../crypto/index.js';
import type { OneTimeRecordStore } from '../storage/index.js';
import { failClosed } from './sessions.js';

/** Key-ring purpose of the HMAC key that turns one-time ids into storage keys. */
export const ONE_TIME_SECRET_PURPOSE = 'auth/one-time-id/v1';
/** The data key that seals one-time values (OIDC state, nonce and PKCE verifier; ticket contents). */
const SEALING_SUBJECT = subjects.system('console-one-time');
const ONE_TIME_ID = /^[A-Za-z0-9_-]{43}$/;
const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 500;

export type OneTimeRing = Pick<KeyRing, 'deriveSecret' | 'encrypt' | 'decrypt'>;

/** Where one-time state lives: the storage backend's, shared by every replica on it. */
export interface OneTimeBacking {
  store: OneTimeRecordStore;
  keyRing: OneTimeRing;
}

export interface OneTimeStoreOptions extends OneTimeBacking {
  /** The record family (`sso-flow`, `sso-ticket`): one kind's ids never open another's records. */
  kind: string;
  ttlMs: number;
  /** Bound on live entries of this kind; the oldest are dropped beyond it (a flood evicts, never grows). */
  max?: number;
  now?: () => number;
}

/** A value with the deadline it was stored with (to put a taken entry back unchanged). */
export interface OneTimeEntry<T> {
  value: T;
  expiresAt: number;
}

/**
 * Short-lived server-side state keyed by a random 256-bit id (pending SSO logins, SSO tickets),
 * kept in storage so any replica can finish what another started: entries expire after `ttlMs`,
 * and `take` hands an entry out once across all replicas (the store deletes and returns it in one
 * statement). The store sees an HMAC of the id and the value sealed by the key ring, bound to it.
 */
export function createOneTimeStore<T>(options: OneTimeStoreOptions) {
  const { store, keyRing, kind } = options;
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  let secret: Promise<Buffer> | undefined;
  let lastSweep = Number.NEGATIVE_INFINITY;

  const key = () =>
    (secret ??= keyRing.deriveSecret(ONE_TIME_SECRET_PURPOSE).catch((error: unknown) => {
      secret = undefined;
      throw error;
    }));
  const hashOf = async (id: string) =>
    createHmac('sha256', await key())
      .update(kind)
      .update('\u0000')
      .update(id)
      .digest('hex');
  // Bound to the kind and the id's hash, so a sealed value moved onto another record does not open.
  const aad = (idHash: string) => `one-time:${kind}:${idHash}`;
  const seal = async (idHash: string, value: T) =>
    (await keyRing.encrypt(SEALING_SUBJECT, JSON.stringify(value), aad(idHash))).toString('base64');
  const unseal = async (idHash: string, sealed: string) =>
    JSON.parse((await keyRing.decrypt(Buffer.from(sealed, 'base64'), aad(idHash))).toString('utf8')) as T;

  async function write(id: string, entry: OneTimeEntry<T>): Promise<void> {
    const idHash = await hashOf(id);
    const at = now();
    const value = await seal(idHash, entry.value);
    if (!(await store.put({ kind, idHash, value, expiresAt: entry.expiresAt }, max)))
      throw new Error('one-time id collision');
    if (at - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = at;
      // Best effort, bounded: the next write retries a failed cleanup.
      await store.deleteExpired(at, SWEEP_BATCH).catch(() => 0);
    }
  }

  return {
    /** Stores a value and returns its new id. */
    put: (value: T): Promise<string> =>
      failClosed(async () => {
        const id = randomBytes(32).toString('base64url');
        await write(id, { value, expiresAt: now() + options.ttlMs });
        return id;
      }),
    /** The live value without consuming it. */
    peek: (id: string): Promise<T | undefined> =>
      !ONE_TIME_ID.test(id)
        ? Promise.resolve(undefined)
        : failClosed(async () => {
            const idHash = await hashOf(id);
            const record = await store.peek(kind, idHash, now());
            return record && unseal(idHash, record.value);
          }),
    /** The live entry, removed so nobody — on any replica — gets it twice. */
    take: (id: string): Promise<OneTimeEntry<T> | undefined> =>
      !ONE_TIME_ID.test(id)
        ? Promise.resolve(undefined)
        : failClosed(async () => {
            const idHash = await hashOf(id);
            const record = await store.take(kind, idHash, now());
            return record && { value: await unseal(idHash, record.value), expiresAt: record.expiresAt };
          }),
    /** Puts a taken entry back under its id with its original deadline (a ticket after a typo). */
    restore: (id: string, entry: OneTimeEntry<T>): Promise<void> => failClosed(() => write(id, entry)),
    delete: (id: string): Promise<void> =>
      !ONE_TIME_ID.test(id)
        ? Promise.resolve()
        : failClosed(async () => {
            await store.delete(kind, await hashOf(id));
          }),
  };
}
export type OneTimeStore<T> = ReturnType<typeof createOneTimeStore<T>>;
