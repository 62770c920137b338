import type { Level } from '../../core/index.js';

/** An API key as stored: the identifier part and a keyed hash of the secret part, never the secret. */
export interface ApiKeyRecord {
  /** The public identifier part of `bk_live_<id>_<secret>`. Unique. */
  id: string;
  tenant: string;
  /** Owning user or service principal. */
  principal: string;
  name: string;
  role: string;
  clearance: Level;
  /** Allowed models / routes; absent = any. */
  scopes: { models?: string[]; routes?: string[] };
  /** Keyed hash (HMAC-SHA-256 under a key-ring secret) of the secret part, hex. */
  secretHash: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
  /** Set while the key is suspended pending review (e.g. by the behavioural monitor); an admin reinstates it. */
  suspendedAt?: string;
  /** When revocation or expiry last changed: replicas poll `changedSince` to drop cached keys. */
  updatedAt: string;
}

/** Storage port for API keys (issue 5). */
export interface ApiKeyStore {
  /** Stores a new key; false when the id exists. */
  create(key: ApiKeyRecord): Promise<boolean>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(tenant?: string): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at`; false when absent or already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Brings expiry forward to `at` (rotation with overlap); never extends it. False when absent. */
  expireBy(id: string, at: string): Promise<boolean>;
  /** Suspends the key at `at` (refused with API_KEY_SUSPENDED); false when absent or already suspended. */
  suspend(id: string, at: string): Promise<boolean>;
  /** Lifts a suspension; false when absent or not suspended. */
  reinstate(id: string, at: string): Promise<boolean>;
  /**
   * Sets role and clearance (an access review's downgrade, an admin's edit) and, when given, the
   * scopes; marks the change for `changedSince`. False when absent or revoked. Callers decide
   * whether the change is allowed.
   */
  setAccess(
    id: string,
    access: { role: string; clearance: Level; scopes?: ApiKeyRecord['scopes'] },
    at: string,
  ): Promise<boolean>;
  /** Records use; does not count as a change for `changedSince`. */
  touch(id: string, at: string): Promise<void>;
  /** Keys whose revocation or expiry changed at or after `since`. */
  changedSince(since: string): Promise<ApiKeyRecord[]>;
}
