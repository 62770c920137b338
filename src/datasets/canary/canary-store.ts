import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyRing } from '../../crypto/index.js';
import type { Canary } from './canary.js';

/** What is kept in clear about a canary: enough to list it, nothing that reveals the secret. */
export interface CanaryEntry {
  id: string;
  dataset: string;
  createdAt: string;
  format: string;
  repeat: number;
  /** The canary (prefix, secret, suffix), encrypted under the `system:canaries` data key. */
  sealed: string;
}

const SUBJECT = 'system:canaries';

/**
 * Canaries are stored encrypted, one JSON line each, in the data directory: an append-only file is
 * enough for a set written once per dataset and read by the audit. The AAD binds each ciphertext to
 * its id, so entries cannot be swapped.
 */
export function createCanaryStore(path: string, keyRing: KeyRing) {
  return {
    async add(canaries: readonly Canary[], dataset: string): Promise<void> {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const lines: string[] = [];
      for (const c of canaries) {
        const sealed = await keyRing.encrypt(SUBJECT, JSON.stringify(c), c.id);
        const entry: CanaryEntry = {
          id: c.id,
          dataset,
          createdAt: new Date().toISOString(),
          format: c.format,
          repeat: c.repeat,
          sealed: sealed.toString('base64'),
        };
        lines.push(JSON.stringify(entry));
      }
      appendFileSync(path, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    },
    list: (): CanaryEntry[] => readCanaryEntries(path),
    async reveal(entry: CanaryEntry): Promise<Canary> {
      const plain = await keyRing.decrypt(Buffer.from(entry.sealed, 'base64'), entry.id);
      return JSON.parse(plain.toString('utf8')) as Canary;
    },
  };
}
export type CanaryStore = ReturnType<typeof createCanaryStore>;

/** The stored entries' clear metadata; reading it needs no key. */
export function readCanaryEntries(path: string): CanaryEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CanaryEntry);
}
