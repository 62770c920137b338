import { z } from 'zod';
import { LEVELS } from '../core/index.js';

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

const INSECURE =
  'must use https (http:// is allowed only on a loopback host: 127.0.0.1, ::1, localhost, for tests and development)';

/** An absolute URL that is https, or http on a loopback host; other schemes are refused. */
const secureUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || isLoopbackHost(url.hostname);
}, INSECURE);

/**
 * OIDC single sign-on for console users (`console.sso`, docs/configuration.md). The ID token's
 * claims go through `src/auth/oidc-policy.ts`; a user must already exist locally unless
 * `provisionUsers` is on.
 */
export const ssoSchema = z
  .strictObject({
    /** Shows the SSO button and mounts `/admin/v1/sso/*`. */
    enabled: z.boolean().default(false),
    label: z.string().min(1).max(64).default('Sign in with SSO'),
    /** The IdP's issuer identifier; its `/.well-known/openid-configuration` is fetched on first use. */
    issuer: secureUrl.optional(),
    clientId: z.string().min(1).max(256).optional(),
    /** Read from the environment through `${VAR}`; absent = a public client (PKCE only). */
    clientSecret: z.string().min(1).optional(),
    /** Registered at the IdP; must reach this gateway's `/admin/v1/sso/callback`. */
    redirectUri: secureUrl.optional(),
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/)).default(['openid', 'profile']),
    /** Accept only IdP logins that report MFA (`amr`/`acr`); false: the user's local TOTP is asked instead. */
    requireMfaClaim: z.boolean().default(true),
    /** `acr` values that count as MFA (e.g. a provider's phishing-resistant level). */
    mfaAcrValues: z.array(z.string().min(1).max(256)).default([]),
    usernameClaim: z.string().min(1).max(128).default('preferred_username'),
    /** Claim with the IdP's groups; read only when `roleMapping` is set. */
    roleClaim: z.string().min(1).max(128).default('groups'),
    /**
     * IdP group → Bulwark role. When set, the IdP decides the user's roles at every sign-in (the
     * local record follows) and a login with no mapped group is refused; absent: the local roles stand.
     */
    roleMapping: z.record(z.string().min(1), z.string().min(1)).optional(),
    tenantClaim: z.string().min(1).max(128).optional(),
    allowedTenants: z.array(z.string().min(1)).optional(),
    /** Tenant when the token names none; default `default` unless `tenantClaim` is set. */
    defaultTenant: z.string().min(1).max(128).optional(),
    /** Create unknown users at their first SSO sign-in (no password, no TOTP: IdP MFA only). */
    provisionUsers: z.boolean().default(false),
    /** Clearance of a provisioned user; the lowest by default (an admin raises it). */
    provisionClearance: z.enum(LEVELS).default('public'),
  })
  .superRefine((sso, ctx) => {
    if (!sso.enabled) return;
    for (const key of ['issuer', 'clientId', 'redirectUri'] as const)
      if (sso[key] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'is required when sso.enabled is true' });
    if (!sso.scopes.includes('openid'))
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'must include openid' });
  });

export type SsoConfig = z.infer<typeof ssoSchema>;
