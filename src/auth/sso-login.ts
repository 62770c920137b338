import { timingSafeEqual } from 'node:crypto';
import { BulwarkError, type Level } from '../core/index.js';
import type { UserRecord, UserStore } from '../storage/index.js';
import type { OidcChecks, OidcClient } from './oidc-client.js';
import { OidcFlowError } from './oidc-client.js';
import { decideOidcLogin, type OidcPolicyConfig } from './oidc-policy.js';
import { createOneTimeStore, type OneTimeBacking } from './one-time-store.js';
import type { UserService } from './users.js';

/** A pending login lives this long between the redirect to the IdP and its callback. */
export const SSO_FLOW_TTL_MS = 10 * 60_000;
/** A callback that asks for local TOTP leaves a ticket this long. */
export const SSO_TICKET_TTL_MS = 5 * 60_000;
/** Wrong codes one ticket tolerates (typos) before it is spent. */
export const SSO_TICKET_ATTEMPTS = 3;

export interface SsoLoginOptions {
  client: Pick<OidcClient, 'authorize' | 'verify'>;
  policy: OidcPolicyConfig;
  users: UserService;
  store: Pick<UserStore, 'getByUsername'>;
  /** Unknown users are created at their first sign-in with this clearance; absent: refused. */
  provision?: { clearance: Level };
  /** Users of a disabled tenant are refused (the tenant gate). */
  tenantDisabled?: (tenant: string) => Promise<boolean>;
  /** Where pending logins and tickets live (storage, so any replica can finish a sign-in). */
  oneTime: OneTimeBacking;
  now?: () => number;
}

/** What the console is told (catalogue codes); the precise `reason` goes to the audit log only. */
export type SsoErrorCode = 'SSO_FAILED' | 'SSO_DENIED' | 'MFA_REQUIRED' | 'ACCOUNT_LOCKED';

export type SsoCallbackResult =
  | { readonly outcome: 'session'; readonly user: UserRecord; readonly provisioned: boolean }
  | { readonly outcome: 'totp'; readonly user: UserRecord; readonly ticket: string }
  | {
      readonly outcome: 'refused';
      readonly code: SsoErrorCode;
      /** e.g. `unknown-user`, `mfa-claim-missing`, `invalid-response:OAUTH_…` (fixed words only). */
      readonly reason: string;
      readonly user?: UserRecord;
    };

interface Ticket {
  userId: string;
  /** The pending-login id in the browser's cookie: a ticket copied out of the URL is useless alone. */
  browser: string;
  /** Roles the IdP mapping decided, applied once the code passes. */
  roles?: readonly string[];
  attempts: number;
}

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Console sign-in through an OIDC identity provider: the pending login (state, nonce, PKCE
 * verifier) kept server-side, the verified claims judged by `decideOidcLogin`, the local user
 * matched by username within the tenant (or provisioned), and — when the IdP reported no MFA and
 * policy allows that — a single-use ticket redeemed with the user's local TOTP. Every refusal
 * counts against the source address, in the same budget as password logins.
 */
export function createSsoLogin(options: SsoLoginOptions) {
  const { users } = options;
  const clock = options.now ? { now: options.now } : {};
  const flows = createOneTimeStore<OidcChecks>({
    ...options.oneTime,
    kind: 'sso-flow',
    ttlMs: SSO_FLOW_TTL_MS,
    ...clock,
  });
  const tickets = createOneTimeStore<Ticket>({
    ...options.oneTime,
    kind: 'sso-ticket',
    ttlMs: SSO_TICKET_TTL_MS,
    ...clock,
  });

  async function refuse(
    code: SsoErrorCode,
    reason: string,
    address: string | undefined,
    user?: UserRecord,
  ): Promise<SsoCallbackResult> {
    if (code !== 'ACCOUNT_LOCKED' && reason !== 'idp-unreachable') await users.addressFailed(address);
    return { outcome: 'refused', code, reason, ...(user ? { user } : {}) };
  }

  async function localUser(tenant: string, username: string, roles: readonly string[], mfa: boolean) {
    const user = await options.store.getByUsername(tenant, username);
    if (user || !options.provision || !mfa) return { user, provisioned: false };
    const created = await users.provision({
      tenant,
      username,
      roles: [...roles],
      clearance: options.provision.clearance,
    });
    return { user: created, provisioned: true };
  }

  return {
    /** A new pending login: its id (for the browser's cookie) and the IdP URL to send it to. */
    async start(): Promise<{ flow: string; url: URL }> {
      const { url, checks } = await options.client.authorize();
      return { flow: await flows.put(checks), url };
    },

    /** Judges the IdP's callback for the pending login `flow`. Never throws for a refusal. */
    async callback(
      flow: string | undefined,
      params: URLSearchParams,
      address?: string,
    ): Promise<SsoCallbackResult> {
      try {
        await users.assertAddressAllowed(address);
      } catch {
        return refuse('ACCOUNT_LOCKED', 'address-blocked', address);
      }
      const checks = flow === undefined ? undefined : (await flows.take(flow))?.value;
      if (!checks) return refuse('SSO_FAILED', 'flow-expired', address);
      let claims: Record<string, unknown>;
      try {
        claims = await options.client.verify(checks, params);
      } catch (error) {
        if (!(error instanceof OidcFlowError)) throw error;
        const reason = error.libraryCode ? `${error.reason}:${error.libraryCode}` : error.reason;
        return refuse('SSO_FAILED', reason, address);
      }
      const decision = decideOidcLogin(claims, options.policy);
      if (decision.outcome === 'refuse')
        return refuse(
          decision.reason === 'mfa-claim-missing' ? 'MFA_REQUIRED' : 'SSO_DENIED',
          decision.reason,
          address,
        );
      if (await options.tenantDisabled?.(decision.tenant))
        return refuse('SSO_DENIED', 'tenant-disabled', address);
      const mapped = options.policy.roleMapping ? decision.roles : undefined;
      const { user, provisioned } = await localUser(
        decision.tenant,
        decision.username,
        decision.roles,
        decision.outcome === 'accept',
      );
      if (!user)
        return options.provision && decision.outcome === 'needs-local-totp'
          ? refuse('MFA_REQUIRED', 'mfa-not-enrolled', address)
          : refuse('SSO_DENIED', 'unknown-user', address);
      if (user.disabled) return refuse('SSO_DENIED', 'user-disabled', address, user);

      if (decision.outcome === 'needs-local-totp') {
        if (!user.mfa.totpSealed) return refuse('MFA_REQUIRED', 'mfa-not-enrolled', address, user);
        const ticket = await tickets.put({
          userId: user.id,
          browser: flow!,
          ...(mapped ? { roles: mapped } : {}),
          attempts: 0,
        });
        return { outcome: 'totp', user, ticket };
      }
      const current = mapped && !sameRoles(mapped, user.roles) ? await users.setRoles(user, mapped) : user;
      return { outcome: 'session', user: current, provisioned };
    },

    /** The user a live ticket was issued to (for attributing a failed redemption in the audit log). */
    async ticketUser(ticket: string): Promise<string | undefined> {
      return (await tickets.peek(ticket))?.userId;
    },

    /**
     * Redeems a ticket with the user's TOTP (or a recovery code): once, from the browser that
     * started the login. Throws SSO_TICKET_INVALID, INVALID_CREDENTIALS or ACCOUNT_LOCKED.
     */
    async redeem(input: {
      ticket: string;
      browser: string | undefined;
      code: string;
      sourceAddress?: string;
    }): Promise<UserRecord> {
      await users.assertAddressAllowed(input.sourceAddress);
      const invalid = async () => {
        await users.addressFailed(input.sourceAddress);
        return new BulwarkError('SSO_TICKET_INVALID');
      };
      const seen = await tickets.peek(input.ticket);
      if (!seen || input.browser === undefined || !sameSecret(seen.browser, input.browser))
        throw await invalid();
      // Taken (deleted) while the code is checked: a concurrent redemption, on this replica or
      // another, finds no ticket, so two cannot both pass.
      const taken = await tickets.take(input.ticket);
      if (!taken) throw await invalid();
      const entry = taken.value;
      let user: UserRecord;
      try {
        user = await users.verifySecondFactor({
          userId: entry.userId,
          code: input.code,
          ...(input.sourceAddress === undefined ? {} : { sourceAddress: input.sourceAddress }),
        });
      } catch (error) {
        const attempts = entry.attempts + 1;
        const locked = error instanceof BulwarkError && error.code === 'ACCOUNT_LOCKED';
        // A typo puts the ticket back (same id, same deadline) until the attempts run out.
        if (!locked && attempts < SSO_TICKET_ATTEMPTS)
          await tickets.restore(input.ticket, { value: { ...entry, attempts }, expiresAt: taken.expiresAt });
        throw error;
      }
      return entry.roles && !sameRoles(entry.roles, user.roles) ? users.setRoles(user, entry.roles) : user;
    },
  };
}
export type SsoLogin = ReturnType<typeof createSsoLogin>;
