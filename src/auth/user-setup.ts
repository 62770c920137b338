import { BulwarkError, type Level } from '../core/index.js';
import type { UserRecord, UserStore } from '../storage/index.js';
import { BASE62, hashApiKeySecret, randomString, secretMatches } from './api-key-format.js';
import { hashPassword, SCRYPT_PARAMS } from './password.js';
import { newUserRecord } from './user-record.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { assertPasswordPolicy, issueRecoveryCodes, openTotp, sealTotp, type Ring } from './user-mfa.js';

/** Key-ring purpose of the setup-token HMAC pepper. */
export const SETUP_PEPPER_PURPOSE = 'auth/setup-token/v1';
/** How long a setup token works unless the caller says otherwise. */
export const SETUP_TTL_MS = 24 * 3_600_000;
/** Wrong codes or passwords at `complete` before the token is spent and a new one must be issued. */
export const SETUP_ATTEMPTS = 5;

/**
 * `bk_setup_<user id>_<secret>`: the id names the pending record, the 32 base62 characters (~190 bits)
 * are checked against a keyed hash, so the token is useless to anyone reading the database.
 */
const SETUP_TOKEN = /^bk_setup_([0-9a-f-]{36})_([A-Za-z0-9]{32})$/;

export interface InviteInput {
  tenant: string;
  username: string;
  roles: string[];
  clearance: Level;
  ttlMs?: number;
}

export interface Invitation {
  user: UserRecord;
  /** Shown once (terminal or admin API response); only its keyed hash is stored. */
  token: string;
  expiresAt: string;
}

export interface SetupBegin {
  username: string;
  tenant: string;
  otpauthUri: string;
  /** The TOTP secret in base32, for typing into an app by hand. */
  secret: string;
}

export interface SetupOptions {
  now?: () => number;
  scrypt?: { N: number; r: number; p: number };
}

/**
 * One-time account setup: an invited user (or the first admin) proves the setup token, chooses a
 * password and confirms TOTP enrolment with a first code; only then can they log in. No password is
 * ever chosen by anyone but the user, and no account exists without MFA.
 */
export function createUserSetup(store: UserStore, keyRing: Ring, options: SetupOptions = {}) {
  const now = options.now ?? Date.now;
  const scrypt = options.scrypt ?? SCRYPT_PARAMS;
  const iso = () => new Date(now()).toISOString();
  const pepper = () => keyRing.deriveSecret(SETUP_PEPPER_PURPOSE);

  async function save(next: UserRecord, read: UserRecord): Promise<UserRecord> {
    const written = { ...next, version: read.version + 1, updatedAt: iso() };
    if (!(await store.update(written, read.version))) throw new BulwarkError('CONFLICT');
    return written;
  }

  /** A fresh token for a record; the previous one (if any) stops working. */
  async function issue(
    user: UserRecord,
    ttlMs: number,
  ): Promise<{ setup: NonNullable<UserRecord['setup']>; token: string }> {
    const secret = randomString(32, BASE62);
    return {
      token: `bk_setup_${user.id}_${secret}`,
      setup: {
        tokenHash: hashApiKeySecret(await pepper(), secret),
        expiresAt: new Date(now() + ttlMs).toISOString(),
      },
    };
  }

  /** The pending record a token names; one generic error for unknown, wrong, used or expired tokens. */
  async function pending(token: string): Promise<UserRecord & { setup: NonNullable<UserRecord['setup']> }> {
    const m = SETUP_TOKEN.exec(token);
    const user = m ? await store.get(m[1]!) : undefined;
    const setup = user?.setup;
    const ok =
      m !== null &&
      user !== undefined &&
      setup !== undefined &&
      !user.disabled &&
      secretMatches(await pepper(), m[2]!, setup.tokenHash) &&
      Date.parse(setup.expiresAt) > now();
    if (!ok) throw new BulwarkError('SETUP_TOKEN_INVALID');
    return user as UserRecord & { setup: NonNullable<UserRecord['setup']> };
  }

  return {
    /** Creates a user who has no password yet; the token lets them set one up (with TOTP). */
    async invite(input: InviteInput): Promise<Invitation> {
      const base = newUserRecord(input, iso());
      const { setup, token } = await issue(base, input.ttlMs ?? SETUP_TTL_MS);
      const user = { ...base, setup };
      if (!(await store.create(user)))
        throw new BulwarkError('VALIDATION_FAILED', { details: { field: 'username', reason: 'taken' } });
      return { user, token, expiresAt: setup.expiresAt };
    },

    /** A new token for a user who has not finished setup (a lost link); the old one is void. */
    async reissue(userId: string, ttlMs = SETUP_TTL_MS): Promise<Invitation> {
      const user = await store.get(userId);
      if (!user || user.passwordHash !== undefined || user.disabled) throw new BulwarkError('NOT_FOUND');
      const { setup, token } = await issue(user, ttlMs);
      const saved = await save({ ...user, setup, failedLogins: 0 }, user);
      return { user: saved, token, expiresAt: setup.expiresAt };
    },

    /** Offers a TOTP secret for the token's account (the same one until setup completes). */
    async begin(token: string): Promise<SetupBegin> {
      const user = await pending(token);
      let secret: string;
      if (user.setup.totpSealed) secret = await openTotp(keyRing, user, user.setup.totpSealed);
      else {
        secret = newTotpSecret();
        await save(
          { ...user, setup: { ...user.setup, totpSealed: await sealTotp(keyRing, user, secret) } },
          user,
        );
      }
      const account = `${user.username}@${user.tenant}`;
      return { username: user.username, tenant: user.tenant, otpauthUri: totpUri(secret, account), secret };
    },

    /**
     * Sets the password and enrols TOTP once a first code from the app matches; returns the
     * recovery codes (shown once). The token is spent; too many failures spend it too.
     */
    async complete(input: { token: string; password: string; code: string }) {
      const user = await pending(input.token);
      if (!user.setup.totpSealed) throw new BulwarkError('SETUP_TOKEN_INVALID');
      assertPasswordPolicy(input.password);
      const secret = await openTotp(keyRing, user, user.setup.totpSealed);
      const totp = verifyTotp(secret, input.code, Math.floor(now() / 1000));
      if (!totp.valid) {
        const failedLogins = user.failedLogins + 1;
        const { setup: _spent, ...rest } = user;
        void _spent;
        await save(
          failedLogins >= SETUP_ATTEMPTS ? { ...rest, failedLogins } : { ...user, failedLogins },
          user,
        );
        throw new BulwarkError('INVALID_CREDENTIALS');
      }
      const recovery = await issueRecoveryCodes(keyRing);
      const { setup: _done, ...rest } = user;
      void _done;
      const saved = await save(
        {
          ...rest,
          passwordHash: await hashPassword(input.password, scrypt),
          failedLogins: 0,
          mfa: {
            totpSealed: user.setup.totpSealed,
            recoveryCodeHashes: recovery.hashes,
            enrolledAt: iso(),
            ...(totp.timeStep !== undefined ? { lastTotpStep: totp.timeStep } : {}),
          },
        },
        user,
      );
      return { user: saved, recoveryCodes: recovery.codes };
    },
  };
}
export type UserSetup = ReturnType<typeof createUserSetup>;

/** The first admin's username when `start` bootstraps on its own. */
export const FIRST_ADMIN = 'admin';

/**
 * The first-admin invitation, while no admin has finished setup. With no admin at all, one is
 * invited. A pending admin gets a fresh token (the previous one stops working, so a lost terminal
 * never locks the installation out) unless `reissue` is false (a gateway start must not void the
 * link `bulwark admin bootstrap` just printed): then `'pending'`. Undefined once an admin can sign in.
 */
export async function firstAdminInvitation(
  store: UserStore,
  setup: UserSetup,
  options: { username?: string; tenant?: string; reissue?: boolean } = {},
): Promise<Invitation | 'pending' | undefined> {
  const admins = (await store.list()).filter((u) => u.roles.includes('admin') && !u.disabled);
  if (admins.some((u) => u.passwordHash !== undefined)) return undefined;
  const username = options.username ?? FIRST_ADMIN;
  const tenant = options.tenant ?? 'default';
  if (admins.length > 0 && options.reissue === false) return 'pending';
  const pendingAdmin = admins.find((u) => u.username === username && u.tenant === tenant);
  if (pendingAdmin) return setup.reissue(pendingAdmin.id);
  return setup.invite({ tenant, username, roles: ['admin'], clearance: 'restricted' });
}
