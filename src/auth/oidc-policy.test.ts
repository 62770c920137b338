import { describe, expect, it } from 'vitest';
import { decideOidcLogin, hasMfaClaim } from './oidc-policy.js';

const base = { defaultTenant: 'acme' };

describe('OIDC login policy', () => {
  it('accepts amr=mfa and each RFC 8176 second-factor value', () => {
    for (const amr of ['mfa', 'otp', 'hwk', 'swk']) {
      expect(decideOidcLogin({ preferred_username: 'ana', amr: ['pwd', amr] }, base)).toEqual({
        outcome: 'accept',
        username: 'ana',
        roles: [],
        tenant: 'acme',
      });
    }
  });

  it('refuses a password-only login by default (fail closed)', () => {
    expect(decideOidcLogin({ preferred_username: 'ana', amr: ['pwd'] }, base)).toEqual({
      outcome: 'refuse',
      reason: 'mfa-claim-missing',
    });
    expect(decideOidcLogin({ preferred_username: 'ana' }, base).outcome).toBe('refuse');
  });

  it('asks for local TOTP when MFA is not required and the claim is absent', () => {
    const d = decideOidcLogin({ preferred_username: 'ana', amr: 'pwd' }, { ...base, requireMfaClaim: false });
    expect(d.outcome).toBe('needs-local-totp');
  });

  it('accepts a configured acr value and ignores an unconfigured one', () => {
    expect(hasMfaClaim({ acr: 'phr' }, ['phr'])).toBe(true);
    expect(hasMfaClaim({ acr: 'phr' })).toBe(false);
    expect(hasMfaClaim({ amr: 'mfa' })).toBe(true);
    expect(hasMfaClaim({ amr: [1, { mfa: true }] })).toBe(false);
  });

  it('maps roles and refuses when no claim value maps', () => {
    const cfg = {
      ...base,
      roleClaim: 'groups',
      roleMapping: { 'sec-team': 'security_officer', ops: 'admin', x: 'root' },
    };
    const ok = decideOidcLogin(
      { preferred_username: 'ana', amr: ['mfa'], groups: ['sec-team', 'ops', 'x'] },
      cfg,
    );
    expect(ok).toMatchObject({ outcome: 'accept', roles: ['security_officer', 'admin'] });
    expect(
      decideOidcLogin({ preferred_username: 'ana', amr: ['mfa'], groups: ['x', 'toString'] }, cfg),
    ).toEqual({
      outcome: 'refuse',
      reason: 'no-mapped-role',
    });
  });

  it('enforces the tenant allow-list and needs a username', () => {
    const cfg = { tenantClaim: 'tid', allowedTenants: ['acme'] };
    expect(decideOidcLogin({ preferred_username: 'ana', amr: ['mfa'], tid: 'evil' }, cfg)).toEqual({
      outcome: 'refuse',
      reason: 'tenant-not-allowed',
    });
    expect(decideOidcLogin({ preferred_username: 'ana', amr: ['mfa'] }, cfg)).toEqual({
      outcome: 'refuse',
      reason: 'no-tenant',
    });
    expect(decideOidcLogin({ email: 'a@b', amr: ['mfa'] }, base)).toEqual({
      outcome: 'refuse',
      reason: 'missing-username',
    });
    expect(decideOidcLogin({ email: 'a@b', amr: ['mfa'] }, { ...base, usernameClaim: 'email' }).outcome).toBe(
      'accept',
    );
  });
});
