import { isRole, type Role } from './rbac.js';

/**
 * What Bulwark does with a verified OIDC ID token's claims: who the user is, which roles and tenant
 * they get, and whether the identity provider's login counts as MFA. Pure (no I/O) so the decision
 * is reviewable and tested on its own; the openid-client flow (PKCE, state, nonce, token
 * verification) runs before it and hands over claims it has already verified.
 */
export interface OidcPolicyConfig {
  /** Accept only an IdP login that reports MFA (`amr` or `acr`); default true. */
  readonly requireMfaClaim?: boolean;
  /** `acr` values that count as MFA (e.g. a provider's "phr" or "mfa" level). */
  readonly mfaAcrValues?: readonly string[];
  /** Claim naming the Bulwark username; default `preferred_username`. */
  readonly usernameClaim?: string;
  /** Claim holding the IdP's group/role values (string or string array). */
  readonly roleClaim?: string;
  /** IdP claim value → Bulwark role. Values without a mapping grant nothing. */
  readonly roleMapping?: Readonly<Record<string, string>>;
  readonly tenantClaim?: string;
  readonly allowedTenants?: readonly string[];
  readonly defaultTenant?: string;
}

/** RFC 8176 `amr` values that prove a second factor (or a phishing-resistant key). */
export const MFA_AMR_VALUES: readonly string[] = ['mfa', 'otp', 'hwk', 'swk'];

export type OidcDecision =
  | {
      readonly outcome: 'accept' | 'needs-local-totp';
      readonly username: string;
      readonly roles: readonly Role[];
      readonly tenant: string;
    }
  | { readonly outcome: 'refuse'; readonly reason: OidcRefusal };

export type OidcRefusal =
  'missing-username' | 'mfa-claim-missing' | 'tenant-not-allowed' | 'no-tenant' | 'no-mapped-role';

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** True when the claims report a multi-factor login. */
export function hasMfaClaim(
  claims: Readonly<Record<string, unknown>>,
  acrValues: readonly string[] = [],
): boolean {
  if (stringValues(claims.amr).some((v) => MFA_AMR_VALUES.includes(v))) return true;
  const acr = claims.acr;
  return typeof acr === 'string' && acrValues.includes(acr);
}

/**
 * Decides from verified claims. Fails closed: no username, no allowed tenant or (when a role
 * mapping is configured) no mapped role refuses; missing MFA refuses unless requireMfaClaim is
 * explicitly false, and then the caller must still demand the user's local TOTP.
 */
export function decideOidcLogin(
  claims: Readonly<Record<string, unknown>>,
  config: OidcPolicyConfig,
): OidcDecision {
  const username = claims[config.usernameClaim ?? 'preferred_username'];
  if (typeof username !== 'string' || username.trim() === '')
    return { outcome: 'refuse', reason: 'missing-username' };

  const claimedTenant = config.tenantClaim ? claims[config.tenantClaim] : undefined;
  const tenant = typeof claimedTenant === 'string' ? claimedTenant : config.defaultTenant;
  if (tenant === undefined) return { outcome: 'refuse', reason: 'no-tenant' };
  if (config.allowedTenants && !config.allowedTenants.includes(tenant)) {
    return { outcome: 'refuse', reason: 'tenant-not-allowed' };
  }

  let roles: Role[] = [];
  if (config.roleMapping) {
    const raw = stringValues(claims[config.roleClaim ?? 'groups']);
    const mapped = raw.map((v) =>
      Object.hasOwn(config.roleMapping!, v) ? config.roleMapping![v] : undefined,
    );
    roles = [...new Set(mapped.filter((r): r is Role => r !== undefined && isRole(r)))];
    if (roles.length === 0) return { outcome: 'refuse', reason: 'no-mapped-role' };
  }

  if (hasMfaClaim(claims, config.mfaAcrValues)) return { outcome: 'accept', username, roles, tenant };
  if (config.requireMfaClaim === false) return { outcome: 'needs-local-totp', username, roles, tenant };
  return { outcome: 'refuse', reason: 'mfa-claim-missing' };
}
