import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, parseConfig } from './index.js';

const base =
  'upstreams:\n  u: { kind: openai-compatible, baseUrl: "https://example.com/v1" }\nmodels:\n  m: { upstream: u }\n';
const withSso = (sso: Record<string, unknown>, env: Record<string, string> = {}) =>
  parseConfig(`${base}console:\n  sso: ${JSON.stringify(sso)}\n`, { env });
const ok = {
  enabled: true,
  issuer: 'https://idp.example.com/realms/acme',
  clientId: 'bulwark',
  redirectUri: 'https://bulwark.example.com/admin/v1/sso/callback',
};

function issues(sso: Record<string, unknown>): string[] {
  try {
    withSso(sso);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('console.sso', () => {
  it('is off by default and fills fail-closed defaults when on', () => {
    expect(parseConfig(base, { env: {} }).console.sso).toMatchObject({
      enabled: false,
      requireMfaClaim: true,
    });
    const sso = withSso({ ...ok, clientSecret: '${OIDC_SECRET}' }, { OIDC_SECRET: 's3cr3t' }).console.sso;
    expect(sso).toMatchObject({
      clientSecret: 's3cr3t',
      scopes: ['openid', 'profile'],
      requireMfaClaim: true,
      usernameClaim: 'preferred_username',
      provisionUsers: false,
      provisionClearance: 'public',
    });
  });

  it('needs issuer, clientId and redirectUri once enabled, and the openid scope', () => {
    expect(issues({ enabled: true })).toEqual([
      'console.sso.issuer: is required when sso.enabled is true',
      'console.sso.clientId: is required when sso.enabled is true',
      'console.sso.redirectUri: is required when sso.enabled is true',
    ]);
    expect(issues({ ...ok, scopes: ['profile'] })).toEqual(['console.sso.scopes: must include openid']);
  });

  it('refuses an http issuer or redirect URI unless the host is loopback', () => {
    const [issuer] = issues({ ...ok, issuer: 'http://idp.example.com' });
    expect(issuer).toMatch(
      /^console\.sso\.issuer: must use https \(http:\/\/ is allowed only on a loopback host/,
    );
    expect(issues({ ...ok, redirectUri: 'http://bulwark.example.com/cb' })[0]).toMatch(
      /^console\.sso\.redirectUri/,
    );
    expect(issues({ ...ok, issuer: 'ftp://127.0.0.1' })).toHaveLength(1);
    for (const host of ['127.0.0.1:8443', 'localhost', '[::1]:9000'])
      expect(issues({ ...ok, issuer: `http://${host}`, redirectUri: `http://${host}/cb` }), host).toEqual([]);
    expect(isLoopbackHost('127.10.0.1')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopbackHost('localhost.evil.example')).toBe(false);
  });

  it('never echoes the client secret in an error', () => {
    try {
      withSso({ ...ok, clientSecret: 'plain-secret-value', issuer: 'http://idp.example.com' });
    } catch (error) {
      expect(String(error)).not.toContain('plain-secret-value');
      return;
    }
    throw new Error('expected a ConfigError');
  });
});
