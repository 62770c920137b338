import { randomBytes } from 'node:crypto';

export interface OneTimeStoreOptions {
  ttlMs: number;
  /** Bound on live entries; the oldest is dropped beyond it (a flood evicts, never grows memory). */
  max?: number;
  now?: () => number;
}

/**
 * Short-lived server-side state keyed by a random 256-bit id (pending SSO logins, SSO tickets):
 * entries expire after `ttlMs`, and `take` hands an entry out once. Held in this process's memory.
 */
export function createOneTimeStore<T>(options: OneTimeStoreOptions) {
  const max = options.max ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: T; expiresAt: number }>();

  function live(id: string): { value: T; expiresAt: number } | undefined {
    const entry = entries.get(id);
    if (entry && entry.expiresAt <= now()) entries.delete(id);
    return entry && entry.expiresAt > now() ? entry : undefined;
  }

  return {
    /** Stores a value and returns its new id. */
    put(value: T): string {
      const id = randomBytes(32).toString('base64url');
      entries.set(id, { value, expiresAt: now() + options.ttlMs });
      // Map order is insertion order: drop expired and then oldest entries beyond the bound.
      for (const [key, entry] of entries) {
        if (entries.size <= max && entry.expiresAt > now()) break;
        entries.delete(key);
      }
      return id;
    },
    /** The live value without consuming it. */
    peek(id: string): T | undefined {
      return live(id)?.value;
    },
    /** The live value, removed so nobody gets it twice. */
    take(id: string): T | undefined {
      const entry = live(id);
      entries.delete(id);
      return entry?.value;
    },
    delete(id: string): void {
      entries.delete(id);
    },
    get size(): number {
      return entries.size;
    },
  };
}
export type OneTimeStore<T> = ReturnType<typeof createOneTimeStore<T>>;
