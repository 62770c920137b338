import { randomUUID } from 'node:crypto';
import { BulwarkError, type Level } from '../core/index.js';
import type { UserRecord, UserStore } from '../storage/index.js';
import { memoryFailureCounters, type FailureCounters } from './failure-counters.js';
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from './password.js';
import { assertRole } from './rbac.js';
import { newUserRecord } from './user-record.js';
import { matchRecoveryCode, newTotpSecret, totpUri, verifyTotp } from './totp.js';
import {
  assertPasswordPolicy,
  issueRecoveryCodes,
  openTotp,
  RECOVERY_PEPPER_PURPOSE,
  sealTotp,
  type Ring,
} from './user-mfa.js';

export { MIN_PASSWORD_LENGTH, RECOVERY_PEPPER_PURPOSE } from './user-mfa.js';
/** Failures before an account locks; each further failure doubles the lock, up to `MAX_LOCK_MS`. */
export const LOCK_AFTER = 5;
export const MAX_LOCK_MS = 15 * 60_000;

export interface CreateUserInput {
  tenant: string;
  username: string;
  roles: string[];
  clearance: Level;
  password: string;
}

/** A new console user with MFA already enrolled: the URI and codes are shown once. */
export interface CreatedUser {
  user: UserRecord;
  totpUri: string;
  recoveryCodes: string[];
}

export interface LoginInput {
  tenant: string;
  username: string;
  password: string;
  /** A TOTP code or a recovery code: MFA is never optional. */
  code: string;
  /** The client's address: failures are also counted per address (password spraying). */
  sourceAddress?: string;
}

/** A user whose first factor an identity provider verified, and the code they typed. */
export interface SecondFactorInput {
  userId: string;
  code: string;
  sourceAddress?: string;
}

/** Failed logins one address may make per 15 minutes across all accounts. */
export const ADDRESS_FAILURES = 20;

/**
 * Console users: scrypt passwords, mandatory TOTP (secret sealed by the key ring, recovery codes as
 * keyed hashes), and login that locks an account after repeated failures with exponential backoff.
 */
export interface UserServiceOptions {
  now?: () => number;
  /** scrypt cost; lower only in tests (the stored hash carries its parameters). */
  scrypt?: { N: number; r: number; p: number };
  /** Where failed logins per address are counted; default this process (Redis shares them). */
  counters?: FailureCounters;
}

export function createUserService(store: UserStore, keyRing: Ring, options: UserServiceOptions = {}) {
  const now = options.now ?? Date.now;
  const scrypt = options.scrypt ?? SCRYPT_PARAMS;
  const iso = () => new Date(now()).toISOString();
  const byAddress = (options.counters ?? memoryFailureCounters)('login-fail', ADDRESS_FAILURES, 900);

  /** Writes `next` over the version that was read; returns the record as stored. */
  async function save(next: UserRecord, read: UserRecord): Promise<UserRecord> {
    const written = { ...next, version: read.version + 1, updatedAt: iso() };
    if (!(await store.update(written, read.version))) throw new BulwarkError('CONFLICT');
    return written;
  }

  async function addressFailed(address: string | undefined): Promise<void> {
    if (address !== undefined) await byAddress.penalty(address, 1);
  }

  async function fail(user: UserRecord, address: string | undefined): Promise<never> {
    await addressFailed(address);
    const failedLogins = user.failedLogins + 1;
    const over = failedLogins - LOCK_AFTER;
    const lock = over >= 0 ? Math.min(MAX_LOCK_MS, 30_000 * 2 ** over) : 0;
    await save(
      { ...user, failedLogins, ...(lock ? { lockedUntil: new Date(now() + lock).toISOString() } : {}) },
      user,
    ).catch(() => undefined);
    throw new BulwarkError('INVALID_CREDENTIALS');
  }

  async function assertAddressAllowed(address: string | undefined): Promise<void> {
    const seen = address === undefined ? null : await byAddress.get(address);
    if (seen && seen.consumedPoints >= ADDRESS_FAILURES)
      throw new BulwarkError('ACCOUNT_LOCKED', {
        headers: { 'retry-after': String(Math.ceil(seen.msBeforeNext / 1000)) },
      });
  }

  function assertUnlocked(user: UserRecord): void {
    if (user.lockedUntil !== undefined && Date.parse(user.lockedUntil) > now())
      throw new BulwarkError('ACCOUNT_LOCKED', {
        headers: { 'retry-after': String(Math.ceil((Date.parse(user.lockedUntil) - now()) / 1000)) },
      });
  }

  /** TOTP or a recovery code for a user whose first factor passed; the record as saved. */
  async function secondFactor(
    user: UserRecord,
    code: string,
    address: string | undefined,
  ): Promise<UserRecord> {
    // MFA is mandatory: a user without an enrolled factor cannot log in at all.
    if (!user.mfa.totpSealed) throw new BulwarkError('MFA_REQUIRED');
    const secret = await openTotp(keyRing, user, user.mfa.totpSealed);
    // A code already used (this login or an earlier one) is refused: a shoulder-surfed code is spent.
    const totp = verifyTotp(secret, code, Math.floor(now() / 1000), user.mfa.lastTotpStep);
    let next: UserRecord =
      totp.timeStep === undefined ? user : { ...user, mfa: { ...user.mfa, lastTotpStep: totp.timeStep } };
    if (!totp.valid) {
      const pepper = await keyRing.deriveSecret(RECOVERY_PEPPER_PURPOSE);
      const used = matchRecoveryCode(pepper, code, user.mfa.recoveryCodeHashes);
      if (used < 0) return fail(user, address);
      // A recovery code is single use.
      next = {
        ...user,
        mfa: { ...user.mfa, recoveryCodeHashes: user.mfa.recoveryCodeHashes.filter((_, i) => i !== used) },
      };
    }
    const { lockedUntil: _cleared, ...rest } = next;
    void _cleared;
    // Optimistic concurrency makes the step single-use under races: two logins with one code both
    // read this version, only one write lands, the other is refused.
    return save({ ...rest, failedLogins: 0 }, user).catch((error: unknown) => {
      throw error instanceof BulwarkError && error.code === 'CONFLICT'
        ? new BulwarkError('INVALID_CREDENTIALS')
        : error;
    });
  }

  return {
    async create(input: CreateUserInput): Promise<CreatedUser> {
      for (const role of input.roles) assertRole(role);
      assertPasswordPolicy(input.password);
      const id = randomUUID();
      const secret = newTotpSecret();
      const recovery = await issueRecoveryCodes(keyRing);
      const at = iso();
      const user = newUserRecord(input, at, {
        id,
        passwordHash: await hashPassword(input.password, scrypt),
        mfa: {
          totpSealed: await sealTotp(keyRing, { id, tenant: input.tenant }, secret),
          recoveryCodeHashes: recovery.hashes,
          enrolledAt: at,
        },
      });
      if (!(await store.create(user)))
        throw new BulwarkError('VALIDATION_FAILED', { details: { field: 'username', reason: 'taken' } });
      return {
        user,
        totpUri: totpUri(secret, `${input.username}@${input.tenant}`),
        recoveryCodes: recovery.codes,
      };
    },

    list: (tenant?: string) => store.list(tenant),

    /**
     * Creates a user who signs in only through the identity provider (SSO just-in-time
     * provisioning): no password and no local factor, so only an IdP login with an MFA claim admits them.
     */
    async provision(input: Omit<CreateUserInput, 'password'>): Promise<UserRecord> {
      const user = newUserRecord(input, iso());
      // A concurrent first sign-in of the same user may have won: use the record it wrote.
      if (await store.create(user)) return user;
      const existing = await store.getByUsername(input.tenant, input.username);
      if (!existing) throw new BulwarkError('CONFLICT');
      return existing;
    },

    /** Replaces a user's roles (IdP role mapping); the version bump rotates their live sessions. */
    async setRoles(user: UserRecord, roles: readonly string[]): Promise<UserRecord> {
      for (const role of roles) assertRole(role);
      return save({ ...user, roles: [...roles] }, user);
    },

    async disable(id: string): Promise<boolean> {
      const user = await store.get(id);
      if (!user) return false;
      await save({ ...user, disabled: true }, user);
      return true;
    },

    /**
     * Password and second factor together, one generic error for any wrong part (no username
     * oracle). A locked account answers ACCOUNT_LOCKED before the password is even hashed.
     */
    async login(input: LoginInput): Promise<UserRecord> {
      await assertAddressAllowed(input.sourceAddress);
      const user = await store.getByUsername(input.tenant, input.username);
      if (!user || !user.passwordHash) {
        // Spend the same scrypt time as a real check so timing does not reveal unknown usernames.
        await hashPassword(input.password, scrypt);
        await addressFailed(input.sourceAddress);
        throw new BulwarkError('INVALID_CREDENTIALS');
      }
      assertUnlocked(user);
      if (user.disabled) throw new BulwarkError('INVALID_CREDENTIALS');
      if (!(await verifyPassword(input.password, user.passwordHash))) return fail(user, input.sourceAddress);
      return secondFactor(user, input.code, input.sourceAddress);
    },

    /**
     * The local second factor alone, for a user whose first factor an identity provider verified
     * (SSO without an MFA claim). Same replay refusal, lockout and per-address counting as `login`.
     */
    async verifySecondFactor(input: SecondFactorInput): Promise<UserRecord> {
      await assertAddressAllowed(input.sourceAddress);
      const user = await store.get(input.userId);
      if (!user || user.disabled) {
        await addressFailed(input.sourceAddress);
        throw new BulwarkError('INVALID_CREDENTIALS');
      }
      assertUnlocked(user);
      return secondFactor(user, input.code, input.sourceAddress);
    },

    /** Refuses (ACCOUNT_LOCKED) an address that used up its failure budget, whatever the method. */
    assertAddressAllowed,
    /** Counts a failed sign-in (password, SSO or code) against the address. */
    addressFailed,
  };
}
export type UserService = ReturnType<typeof createUserService>;
