import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService, SESSION_COOKIE, totpAt } from '../../src/auth/index.js';
import { openRuntime } from '../../src/gateway/runtime.js';
import { startGateway, type RunningGateway } from '../../src/gateway/server.js';
import { SSO_FLOW_COOKIE } from '../../src/gateway/admin/sso-routes.js';
import {
  startFakeOidcIssuer,
  type FakeOidcIssuer,
  type FakeTamper,
} from '../../src/testing/fake-oidc-issuer.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-sso-'));
const dataDir = join(dir, 'data');
const file = join(dir, 'bulwark.yaml');
const BASE =
  "upstreams:\n  main: { kind: openai-compatible, baseUrl: 'https://example.com/v1' }\nmodels:\n  m: { upstream: main }\n";
const SECRET_ENV = 'BULWARK_TEST_OIDC_SECRET';
const logs: string[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logs.push(chunk.toString());
    done();
  },
});
/** Everything secret the tests saw: none may appear in an audit record or a log line. */
const secrets: string[] = [];
const totpSecrets: Record<string, string> = {};
const userIds: Record<string, string> = {};
let gw: RunningGateway;
let idp: FakeOidcIssuer;

/** Replaces `console.sso` and reloads, as SIGHUP does. */
async function configure(sso: Record<string, unknown> = {}) {
  const section = {
    enabled: true,
    label: 'Sign in with Test IdP',
    issuer: idp.url,
    clientId: idp.clientId,
    clientSecret: `\${${SECRET_ENV}}`,
    redirectUri: `${gw.url}/admin/v1/sso/callback`,
    ...sso,
  };
  writeFileSync(file, `${BASE}console: ${JSON.stringify({ sso: section })}\n`);
  await gw.reload();
}

beforeAll(async () => {
  idp = await startFakeOidcIssuer();
  secrets.push(idp.clientSecret);
  process.env[SECRET_ENV] = idp.clientSecret;
  // Users exist before the gateway starts, created the way `bulwark users create` does.
  const runtime = await openRuntime({ dataDir, env: {} });
  try {
    const users = createUserService(runtime.storage.users, runtime.keyRing, {
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
    });
    for (const [username, roles] of [
      ['ana', ['admin']],
      ['cy', ['auditor']],
      ['bo', ['auditor']],
    ] as const) {
      const created = await users.create({
        tenant: 'default',
        username,
        roles: [...roles],
        clearance: 'confidential',
        password: `pw-${username}-long-enough`,
      });
      totpSecrets[username] = new URL(created.totpUri).searchParams.get('secret')!;
      userIds[username] = created.user.id;
    }
    await users.disable(userIds.bo!);
  } finally {
    await runtime.close();
  }
  writeFileSync(file, BASE);
  gw = await startGateway({
    configFile: file,
    port: 0,
    dataDir,
    logStream,
    scanner: createTestScanner(),
  });
  await configure();
});
afterAll(async () => {
  await gw?.close();
  await idp?.close();
  delete process.env[SECRET_ENV];
  rmSync(dir, { recursive: true, force: true });
});

/** fetch from another loopback address: failures are budgeted per source address. */
const from = (localAddress: string) => {
  const dispatcher = new Agent({ localAddress });
  return ((url: string | URL, init: RequestInit = {}) =>
    undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch;
};
const firstPart = (setCookie: string) => setCookie.split(';')[0]!;
const cookieNamed = (res: Response, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

interface SignIn {
  /** Where the callback sent the browser. */
  location: string;
  /** `sso_error` / `sso_ticket` from the console URL's fragment. */
  params: URLSearchParams;
  session?: string;
  flowCookie: string;
  callbackUrl: string;
}

/**
 * A browser's round trip: `/sso/login` → the IdP's authorize endpoint → the callback, with the
 * flow cookie. `mutate` changes the callback URL (tampering); `cookie: false` drops the cookie.
 */
async function signIn(
  claims: Record<string, unknown>,
  options: { tamper?: FakeTamper; mutate?: (url: URL) => void; cookie?: boolean; from?: string } = {},
): Promise<SignIn> {
  const http = options.from ? from(options.from) : fetch;
  idp.nextLogin({ claims, ...(options.tamper ? { tamper: options.tamper } : {}) });
  const start = await http(`${gw.url}/admin/v1/sso/login`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const flowCookie = firstPart(cookieNamed(start, SSO_FLOW_COOKIE)!);
  secrets.push(flowCookie.split('=')[1]!);
  const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callback = new URL(authorize.headers.get('location')!);
  secrets.push(callback.searchParams.get('state')!);
  options.mutate?.(callback);
  const done = await http(callback, {
    redirect: 'manual',
    headers: options.cookie === false ? {} : { cookie: flowCookie },
  });
  expect(done.status).toBe(302);
  const location = done.headers.get('location')!;
  const session = cookieNamed(done, SESSION_COOKIE);
  if (session) secrets.push(firstPart(session).split('=')[1]!);
  const params = new URLSearchParams(location.split('?')[1] ?? '');
  const ticket = params.get('sso_ticket');
  if (ticket) secrets.push(ticket);
  return { location, params, flowCookie, callbackUrl: callback.href, ...(session ? { session } : {}) };
}

const getSession = (cookie: string) =>
  fetch(`${gw.url}/admin/v1/session`, { headers: { cookie: firstPart(cookie) } });

const postTotp = (body: unknown, cookie?: string) =>
  fetch(`${gw.url}/admin/v1/sso/totp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

/** A numeric code that is valid in none of the steps the verifier accepts (±1). */
function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set([-30, 0, 30].map((d) => totpAt(secret, now + d)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

describe('console single sign-on (OIDC)', () => {
  it('sends the browser to the IdP with PKCE S256, state and nonce, keeping them server-side', async () => {
    const config = await (await fetch(`${gw.url}/admin/v1/session/config`)).json();
    expect(config).toMatchObject({ oidc: { enabled: true, label: 'Sign in with Test IdP' } });
    const start = await fetch(`${gw.url}/admin/v1/sso/login`, { redirect: 'manual' });
    const to = new URL(start.headers.get('location')!);
    expect(to.origin + to.pathname).toBe(`${idp.url}/authorize`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)).toMatch(/^.{22,}$/);
    expect(to.searchParams.get('redirect_uri')).toBe(`${gw.url}/admin/v1/sso/callback`);
    expect(to.searchParams.has('code_verifier')).toBe(false);
    const flow = cookieNamed(start, SSO_FLOW_COOKIE)!;
    expect(flow).toMatch(
      /^__Host-bulwark_sso=[\w-]{43}; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );
    expect(flow).not.toContain(to.searchParams.get('state')!);
  });

  it('an IdP login with amr=mfa gets the password login’s session cookie, which calls GET /session', async () => {
    const done = await signIn({ preferred_username: 'ana', amr: ['pwd', 'mfa'] });
    expect(done.location).toBe('/console/#/overview');
    expect(done.session).toMatch(
      /^__Host-bulwark_session=[\w-]{43}; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
    const res = await getSession(done.session!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string; user: { id: string; roles: string[] } };
    expect(body.user).toMatchObject({ id: userIds.ana, roles: ['admin'] });
    // The same CSRF mechanism: a POST needs the token, and logout with it ends the session.
    const logout = (csrf?: string) =>
      fetch(`${gw.url}/admin/v1/session/logout`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: firstPart(done.session!),
          ...(csrf ? { 'x-csrf-token': csrf } : {}),
        },
        body: '{}',
      });
    expect((await logout()).status).toBe(403);
    expect((await logout(body.csrfToken)).status).toBe(200);
    expect((await getSession(done.session!)).status).toBe(401);
  });

  it('refuses an IdP login without an MFA claim while requireMfaClaim is on', async () => {
    const done = await signIn({ preferred_username: 'ana', amr: ['pwd'] });
    expect(done.params.get('sso_error')).toBe('MFA_REQUIRED');
    expect(done.session).toBeUndefined();
    const acr = await signIn({ preferred_username: 'ana', acr: 'urn:bulwark:silver' });
    expect(acr.params.get('sso_error')).toBe('MFA_REQUIRED');
  });

  it('refuses a tampered state, a wrong nonce, audience or issuer, an expired token and a foreign signature', async () => {
    const claims = { preferred_username: 'ana', amr: ['mfa'] };
    const cases: [string, Parameters<typeof signIn>[1]][] = [
      ['state', { mutate: (u) => u.searchParams.set('state', u.searchParams.get('state')! + 'x') }],
      ['nonce', { tamper: { nonce: 'not-the-nonce' } }],
      ['audience', { tamper: { aud: 'some-other-client' } }],
      ['issuer', { tamper: { iss: 'http://127.0.0.1:1' } }],
      ['expiry', { tamper: { expired: true } }],
      ['signature', { tamper: { otherKey: true } }],
      ['flow cookie', { cookie: false }],
    ];
    for (const [what, options] of cases) {
      const done = await signIn(claims, options);
      expect(done.params.get('sso_error'), what).toBe('SSO_FAILED');
      expect(done.session, what).toBeUndefined();
    }
  });

  it('a callback is good once: replaying it is refused', async () => {
    const done = await signIn({ preferred_username: 'ana', amr: ['mfa'] });
    expect(done.session).toBeDefined();
    const again = await fetch(done.callbackUrl, { redirect: 'manual', headers: { cookie: done.flowCookie } });
    expect(again.headers.get('location')).toBe('/console/#/login?sso_error=SSO_FAILED');
    expect(cookieNamed(again, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses unknown and disabled users without saying which', async () => {
    for (const username of ['nobody', 'bo']) {
      const done = await signIn({ preferred_username: username, amr: ['mfa'] });
      expect(done.params.get('sso_error'), username).toBe('SSO_DENIED');
      expect(done.session).toBeUndefined();
    }
  });

  it('requireMfaClaim: false asks for local TOTP: wrong code refused, right code signs in, the ticket is single-use', async () => {
    await configure({ requireMfaClaim: false });
    const done = await signIn({ preferred_username: 'cy', amr: ['pwd'] });
    expect(done.session).toBeUndefined();
    const ticket = done.params.get('sso_ticket')!;
    expect(ticket).toMatch(/^[\w-]{43}$/);
    const secret = totpSecrets.cy!;
    const wrong = await postTotp({ ticket, code: wrongCode(secret) }, done.flowCookie);
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('INVALID_CREDENTIALS');
    const code = totpAt(secret, Math.floor(Date.now() / 1000));
    // Without the browser's flow cookie a leaked ticket is useless.
    const elsewhere = await postTotp({ ticket, code });
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe('SSO_TICKET_INVALID');
    const ok = await postTotp({ ticket, code }, done.flowCookie);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { csrfToken: string; user: { id: string } };
    expect(body.user.id).toBe(userIds.cy);
    const session = cookieNamed(ok, SESSION_COOKIE)!;
    secrets.push(firstPart(session).split('=')[1]!);
    expect((await getSession(session)).status).toBe(200);
    const reused = await postTotp({ ticket, code }, done.flowCookie);
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('SSO_TICKET_INVALID');
    // An IdP login that does report MFA still signs in directly.
    expect((await signIn({ preferred_username: 'cy', amr: ['mfa'] })).session).toBeDefined();
  });

  it('provisions an unknown user just in time only when provisionUsers is on, with the mapped roles', async () => {
    await configure({ provisionUsers: true, roleMapping: { 'bulwark-auditors': 'auditor' } });
    const done = await signIn({ preferred_username: 'newbie', amr: ['mfa'], groups: ['bulwark-auditors'] });
    expect(done.session).toBeDefined();
    const me = (await (await getSession(done.session!)).json()) as {
      user: { roles: string[]; clearance: string };
    };
    expect(me.user).toMatchObject({ roles: ['auditor'], clearance: 'public' });
    // No mapped group: refused, and nothing provisioned.
    const none = await signIn({ preferred_username: 'stranger', amr: ['mfa'], groups: ['other'] });
    expect(none.params.get('sso_error')).toBe('SSO_DENIED');
    await configure({ provisionUsers: false });
    expect((await signIn({ preferred_username: 'another', amr: ['mfa'] })).params.get('sso_error')).toBe(
      'SSO_DENIED',
    );
    const runtime = await openRuntime({ dataDir, env: {} });
    try {
      const newbie = await runtime.storage.users.getByUsername('default', 'newbie');
      expect(newbie).toMatchObject({ roles: ['auditor'], disabled: false });
      expect(newbie?.passwordHash).toBeUndefined();
      expect(newbie?.mfa.totpSealed).toBeUndefined();
      expect(await runtime.storage.users.getByUsername('default', 'stranger')).toBeUndefined();
      expect(await runtime.storage.users.getByUsername('default', 'another')).toBeUndefined();
    } finally {
      await runtime.close();
    }
  });

  it('refuses an address after 20 failures, even a good IdP login or a password login from it', async () => {
    const address = '127.0.0.9';
    let refusedWith = '';
    for (let i = 0; i < 25 && refusedWith !== 'ACCOUNT_LOCKED'; i++)
      refusedWith = (await signIn({}, { cookie: false, from: address })).params.get('sso_error')!;
    expect(refusedWith).toBe('ACCOUNT_LOCKED');
    const good = await signIn({ preferred_username: 'ana', amr: ['mfa'] }, { from: address });
    expect(good.params.get('sso_error')).toBe('ACCOUNT_LOCKED');
    const password = await from(address)(`${gw.url}/admin/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ana', password: 'pw-ana-long-enough', code: '123456' }),
    });
    expect(password.status).toBe(429);
    // Another address is unaffected.
    expect((await signIn({ preferred_username: 'ana', amr: ['mfa'] })).session).toBeDefined();
  });

  it('audits every outcome as session.sso and never stores or logs a code, token, state, ticket or the client secret', async () => {
    const runtime = await openRuntime({ dataDir, env: {} });
    let bodies: string[];
    try {
      bodies = (await runtime.storage.audit.range(0, 10_000)).map((e) => e.body);
    } finally {
      await runtime.close();
    }
    const sso = bodies
      .map((b) => JSON.parse(b) as { action?: string; target?: string; outcome?: string; principal?: string })
      .filter((r) => r.action === 'session.sso');
    const targets = new Set(sso.map((r) => `${r.outcome}:${r.target}`));
    for (const expected of [
      'success:session',
      'failure:mfa-claim-missing',
      'failure:flow-expired',
      'failure:unknown-user',
      'failure:user-disabled',
      'failure:no-mapped-role',
      'success:totp-required',
      'failure:totp:invalid_credentials',
      'failure:totp:sso_ticket_invalid',
      'success:session-after-totp',
      'failure:address-blocked',
    ])
      expect(targets, expected).toContain(expected);
    expect([...targets].some((t) => t.startsWith('failure:invalid-response'))).toBe(true);
    expect(sso.find((r) => r.target === 'user-disabled')?.principal).toBe(`user:${userIds.bo}`);
    expect(bodies.some((b) => b.includes('"users.provision"'))).toBe(true);

    const everything = bodies.join('\n') + logs.join('');
    expect(logs.join('')).toContain('/admin/v1/sso/callback?code=redacted');
    const planted = [...idp.issued, ...secrets];
    expect(planted.length).toBeGreaterThan(40);
    for (const secret of planted) expect(everything.includes(secret), 'a secret leaked').toBe(false);
  });
});
