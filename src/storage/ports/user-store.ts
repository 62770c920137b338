import type { Level } from '../../core/index.js';

/** A console user. Secrets arrive already hashed or sealed by `auth`; the store never sees them. */
export interface UserRecord {
  id: string;
  tenant: string;
  /** Unique within the tenant. */
  username: string;
  email?: string;
  roles: string[];
  clearance: Level;
  /** Memory-hard password hash (argon2id / scrypt string); absent for SSO-only users. */
  passwordHash?: string;
  mfa: {
    /** TOTP secret sealed with the key ring, base64. */
    totpSealed?: string;
    /** Keyed hashes of unused recovery codes. */
    recoveryCodeHashes: string[];
    enrolledAt?: string;
    /** The last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2). */
    lastTotpStep?: number;
  };
  /**
   * A pending one-time setup (an invited user, or the first admin): the keyed hash of the setup
   * token, its expiry, and the TOTP secret offered to the user, sealed, until a first code confirms it.
   */
  setup?: { tokenHash: string; expiresAt: string; totpSealed?: string };
  disabled: boolean;
  failedLogins: number;
  lockedUntil?: string;
  createdAt: string;
  updatedAt: string;
  /** Starts at 1; `update` names the version it read (optimistic concurrency). */
  version: number;
}

/** Storage port for console users (issue 5). */
export interface UserStore {
  /** Stores a new user; false when the id or the tenant's username is taken. */
  create(user: UserRecord): Promise<boolean>;
  get(id: string): Promise<UserRecord | undefined>;
  getByUsername(tenant: string, username: string): Promise<UserRecord | undefined>;
  list(tenant?: string): Promise<UserRecord[]>;
  /** Writes `user` (whose version must be expectedVersion + 1) if the stored version is `expectedVersion`. */
  update(user: UserRecord, expectedVersion: number): Promise<boolean>;
}
