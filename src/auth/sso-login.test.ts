import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage } from '../storage/index.js';
import { OidcFlowError, type OidcChecks } from './oidc-client.js';
import type { OidcPolicyConfig } from './oidc-policy.js';
import { createSsoLogin, SSO_TICKET_ATTEMPTS, type SsoLoginOptions } from './sso-login.js';
import { totpAt } from './totp.js';
import { createUserService } from './users.js';

/** An SSO login over memory storage and a scripted IdP: `claims` is what the next callback verifies to. */
async function setup(
  policy: OidcPolicyConfig = { defaultTenant: 't' },
  extra: Partial<SsoLoginOptions> = {},
) {
  const storage = openMemoryStorage();
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  const users = createUserService(storage.users, keyRing, { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  const created = await users.create({
    tenant: 't',
    username: 'ana',
    roles: ['auditor'],
    clearance: 'internal',
    password: 'a-long-enough-password',
  });
  const secret = new URL(created.totpUri).searchParams.get('secret')!;
  let claims: Record<string, unknown> | Error = {};
  const issued: OidcChecks[] = [];
  const options: SsoLoginOptions = {
    client: {
      async authorize() {
        const checks = { state: `s${issued.length}`, nonce: 'n', codeVerifier: 'v' };
        issued.push(checks);
        return { url: new URL('https://idp.example/authorize'), checks };
      },
      async verify(checks) {
        expect(issued).toContainEqual(checks);
        if (claims instanceof Error) throw claims;
        return claims;
      },
    },
    policy,
    users,
    store: storage.users,
    oneTime: { store: storage.oneTimeRecords, keyRing },
    ...extra,
  };
  const login = createSsoLogin(options);
  /** start + callback with the given claims. */
  const signIn = async (next: Record<string, unknown> | Error, address = '192.0.2.1') => {
    claims = next;
    const { flow } = await login.start();
    return { flow, result: await login.callback(flow, new URLSearchParams('code=c&state=s'), address) };
  };
  const code = (offset = 0) => totpAt(secret, Math.floor(Date.now() / 1000) + offset);
  return { storage, users, login, signIn, code, user: created.user, options };
}

describe('SSO login', () => {
  it('lets the IdP’s mapped groups decide the roles: the record follows, its version moves', async () => {
    const { signIn, storage, user } = await setup({ defaultTenant: 't', roleMapping: { ops: 'admin' } });
    const { result } = await signIn({ preferred_username: 'ana', amr: ['mfa'], groups: ['ops'] });
    expect(result).toMatchObject({ outcome: 'session', user: { roles: ['admin'] } });
    const stored = await storage.users.get(user.id);
    expect(stored).toMatchObject({ roles: ['admin'], version: user.version + 1 });
  });

  it('keeps local roles when no mapping is configured', async () => {
    const { signIn } = await setup();
    const { result } = await signIn({ preferred_username: 'ana', amr: ['mfa'], groups: ['ops'] });
    expect(result).toMatchObject({ outcome: 'session', user: { roles: ['auditor'] } });
  });

  it('refuses a disabled tenant before provisioning anyone into it', async () => {
    const { signIn, storage } = await setup(
      { defaultTenant: 't' },
      { provision: { clearance: 'public' }, tenantDisabled: async (t) => t === 't' },
    );
    const { result } = await signIn({ preferred_username: 'new', amr: ['mfa'] });
    expect(result).toMatchObject({ outcome: 'refused', code: 'SSO_DENIED', reason: 'tenant-disabled' });
    expect(await storage.users.getByUsername('t', 'new')).toBeUndefined();
  });

  it('does not provision a user the IdP logged in without MFA (they have no local factor)', async () => {
    const { signIn, storage } = await setup(
      { defaultTenant: 't', requireMfaClaim: false },
      { provision: { clearance: 'public' } },
    );
    const { result } = await signIn({ preferred_username: 'new', amr: ['pwd'] });
    expect(result).toMatchObject({ outcome: 'refused', code: 'MFA_REQUIRED', reason: 'mfa-not-enrolled' });
    expect(await storage.users.getByUsername('t', 'new')).toBeUndefined();
  });

  it('passes protocol failures on as SSO_FAILED with the library’s code, and unknown errors as errors', async () => {
    const { signIn } = await setup();
    const { result } = await signIn(
      new OidcFlowError('invalid-response', 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'),
    );
    expect(result).toEqual({
      outcome: 'refused',
      code: 'SSO_FAILED',
      reason: 'invalid-response:OAUTH_JWT_CLAIM_COMPARISON_FAILED',
    });
    await expect(signIn(new Error('bug'))).rejects.toThrow('bug');
  });

  it('spends a ticket after a few wrong codes, and never accepts one code twice', async () => {
    const { signIn, login, code } = await setup({ defaultTenant: 't', requireMfaClaim: false });
    const first = await signIn({ preferred_username: 'ana' });
    if (first.result.outcome !== 'totp') throw new Error('expected a ticket');
    const { ticket } = first.result;
    for (let i = 0; i < SSO_TICKET_ATTEMPTS; i++)
      await expect(login.redeem({ ticket, browser: first.flow, code: 'nope00' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    await expect(login.redeem({ ticket, browser: first.flow, code: code() })).rejects.toMatchObject({
      code: 'SSO_TICKET_INVALID',
    });

    const second = await signIn({ preferred_username: 'ana' });
    if (second.result.outcome !== 'totp') throw new Error('expected a ticket');
    const good = code();
    await expect(
      login.redeem({ ticket: second.result.ticket, browser: second.flow, code: good }),
    ).resolves.toMatchObject({ username: 'ana' });
    const third = await signIn({ preferred_username: 'ana' });
    if (third.result.outcome !== 'totp') throw new Error('expected a ticket');
    await expect(
      login.redeem({ ticket: third.result.ticket, browser: third.flow, code: good }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('lets only one of two concurrent redemptions of a ticket through', async () => {
    const { signIn, login, code } = await setup({ defaultTenant: 't', requireMfaClaim: false });
    const { flow, result } = await signIn({ preferred_username: 'ana' });
    if (result.outcome !== 'totp') throw new Error('expected a ticket');
    const attempts = await Promise.allSettled([
      login.redeem({ ticket: result.ticket, browser: flow, code: code() }),
      login.redeem({ ticket: result.ticket, browser: flow, code: code(30) }),
    ]);
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
  });

  it('lets another replica finish a sign-in, and spends the ticket for every replica', async () => {
    const { signIn, code, options } = await setup({ defaultTenant: 't', requireMfaClaim: false });
    // A second SsoLogin on the same storage is what another gateway replica builds.
    const other = createSsoLogin(options);
    const { flow, result } = await signIn({ preferred_username: 'ana' });
    if (result.outcome !== 'totp') throw new Error('expected a ticket');
    expect(await other.ticketUser(result.ticket)).toBe(result.user.id);
    await expect(other.redeem({ ticket: result.ticket, browser: flow, code: code() })).resolves.toMatchObject(
      {
        username: 'ana',
      },
    );
    expect(await other.ticketUser(result.ticket)).toBeUndefined();
    const replay = await createSsoLogin(options)
      .redeem({ ticket: result.ticket, browser: flow, code: code(30) })
      .catch((e: unknown) => e);
    expect(replay).toMatchObject({ code: 'SSO_TICKET_INVALID' });
  });

  it('hands a pending login to one callback only, whichever replica receives it', async () => {
    const { login, options } = await setup();
    const { flow } = await login.start();
    const params = new URLSearchParams('code=c&state=s');
    const results = await Promise.all(
      [login, createSsoLogin(options), createSsoLogin(options)].map((l) =>
        l.callback(flow, params, '192.0.2.9'),
      ),
    );
    // The scripted IdP accepts anything; only one replica got the flow's checks to try.
    expect(results.filter((r) => r.outcome === 'refused' && r.reason === 'flow-expired')).toHaveLength(2);
  });

  it('refuses a ticket presented without the browser that started the login', async () => {
    const { signIn, login, code } = await setup({ defaultTenant: 't', requireMfaClaim: false });
    const { result } = await signIn({ preferred_username: 'ana' });
    if (result.outcome !== 'totp') throw new Error('expected a ticket');
    for (const browser of [undefined, 'another-browser'])
      await expect(login.redeem({ ticket: result.ticket, browser, code: code() })).rejects.toMatchObject({
        code: 'SSO_TICKET_INVALID',
      });
  });
});
