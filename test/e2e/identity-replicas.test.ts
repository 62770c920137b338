import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserService, SESSION_COOKIE, totpAt } from '../../src/auth/index.js';
import { SSO_FLOW_COOKIE } from '../../src/gateway/admin/sso-routes.js';
import { openRuntime } from '../../src/gateway/runtime.js';
import { startGateway, type RunningGateway } from '../../src/gateway/server.js';
import { postgresReachable, TEST_POSTGRES_URL } from '../../src/storage/contract/backends.js';
import { startFakeOidcIssuer, type FakeOidcIssuer } from '../../src/testing/fake-oidc-issuer.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';

// Two gateway replicas on one PostgreSQL database, no sticky sessions: whichever replica a request
// reaches must know the session, and a logout or a disable on one must bite on the other.
const problem = await postgresReachable();
if (problem !== undefined) {
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true: ${problem}`);
  console.warn(`\n  ⚠ PostgreSQL at ${TEST_POSTGRES_URL} unreachable (${problem}): replica tests SKIPPED\n`);
}

const database = `bulwark_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  return url.href;
})();
const dir = mkdtempSync(join(tmpdir(), 'bulwark-replicas-'));
const SECRET_ENV = 'BULWARK_TEST_REPLICA_OIDC_SECRET';
const BASE =
  "upstreams:\n  main: { kind: openai-compatible, baseUrl: 'https://example.com/v1' }\nmodels:\n  m: { upstream: main }\n" +
  `storage: { url: '${dbUrl}' }\n`;
const totpSecrets: Record<string, string> = {};
const userIds: Record<string, string> = {};
const passwords: Record<string, string> = {};
let a: RunningGateway;
let b: RunningGateway;
let idp: FakeOidcIssuer;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Rows of a table in the replicas' database. */
async function rows(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

const replica = (name: string) => ({
  dataDir: join(dir, name, 'data'),
  file: join(dir, name, 'bulwark.yaml'),
});

beforeAll(async () => {
  if (problem !== undefined) return;
  await admin(`CREATE DATABASE ${database}`);
  idp = await startFakeOidcIssuer();
  process.env[SECRET_ENV] = idp.clientSecret;
  const [ra, rb] = [replica('a'), replica('b')];
  // Users are made the way `bulwark users create` does, against the shared database.
  const runtime = await openRuntime({ dataDir: ra.dataDir, storageUrl: dbUrl, env: {} });
  try {
    const users = createUserService(runtime.storage.users, runtime.keyRing, {
      scrypt: { N: 2 ** 10, r: 8, p: 1 },
    });
    for (const [username, roles] of [
      ['ana', ['admin']],
      ['cy', ['auditor']],
    ] as const) {
      passwords[username] = `pw-${username}-${randomBytes(6).toString('hex')}`;
      const created = await users.create({
        tenant: 'default',
        username,
        roles: [...roles],
        clearance: 'confidential',
        password: passwords[username],
      });
      totpSecrets[username] = new URL(created.totpUri).searchParams.get('secret')!;
      userIds[username] = created.user.id;
    }
  } finally {
    await runtime.close();
  }
  // Replicas share the database and the root key, nothing else.
  mkdirSync(rb.dataDir, { recursive: true, mode: 0o700 });
  copyFileSync(join(ra.dataDir, 'root.key'), join(rb.dataDir, 'root.key'));
  const start = async (r: { dataDir: string; file: string }) => {
    writeFileSync(r.file, BASE);
    return startGateway({
      configFile: r.file,
      port: 0,
      dataDir: r.dataDir,
      logger: false,
      scanner: createTestScanner(),
    });
  };
  [a, b] = [await start(ra), await start(rb)];
  // SSO on both, with the IdP sending browsers back to replica B (a load balancer's choice).
  const sso = {
    enabled: true,
    issuer: idp.url,
    clientId: idp.clientId,
    clientSecret: `\${${SECRET_ENV}}`,
    redirectUri: `${b.url}/admin/v1/sso/callback`,
    requireMfaClaim: false,
  };
  for (const [gw, r] of [
    [a, ra],
    [b, rb],
  ] as const) {
    writeFileSync(r.file, `${BASE}console: ${JSON.stringify({ sso })}\n`);
    await gw.reload();
  }
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await idp?.close();
  delete process.env[SECRET_ENV];
  if (problem === undefined) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
});

const firstPart = (setCookie: string) => setCookie.split(';')[0]!;
const sessionCookie = (res: Response) => {
  const c = res.headers.getSetCookie().find((h) => h.startsWith(`${SESSION_COOKIE}=`));
  return c === undefined ? undefined : firstPart(c);
};
const code = (username: string, offset = 0) =>
  totpAt(totpSecrets[username]!, Math.floor(Date.now() / 1000) + offset);
const json = (cookie: string, csrf?: string) => ({
  'content-type': 'application/json',
  cookie,
  ...(csrf ? { 'x-csrf-token': csrf } : {}),
});

async function login(gw: RunningGateway, username: string, offset = 0) {
  const res = await fetch(`${gw.url}/admin/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: passwords[username], code: code(username, offset) }),
  });
  expect(res.status).toBe(200);
  return { cookie: sessionCookie(res)!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe.skipIf(problem !== undefined)('console sessions across two replicas on one PostgreSQL', () => {
  it('a session made on A works on B; a logout on B ends it on A', async () => {
    const ana = await login(a, 'ana');
    const onB = await fetch(`${b.url}/admin/v1/session`, { headers: { cookie: ana.cookie } });
    expect(onB.status).toBe(200);
    // The CSRF token is derived from the session, so B hands back the one A issued.
    expect(await onB.json()).toMatchObject({ csrfToken: ana.csrf, user: { id: userIds.ana } });
    const users = await fetch(`${b.url}/admin/v1/users`, { headers: { cookie: ana.cookie } });
    expect(users.status).toBe(200);
    // Only a keyed hash of the id is in the database.
    const stored = await rows('SELECT id_hash, data::text AS data FROM console_sessions WHERE user_id = $1', [
      userIds.ana,
    ]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(ana.cookie.split('=')[1]!);
    expect(JSON.stringify(stored)).not.toContain(ana.csrf);

    const logout = await fetch(`${b.url}/admin/v1/session/logout`, {
      method: 'POST',
      headers: json(ana.cookie, ana.csrf),
      body: '{}',
    });
    expect(logout.status).toBe(200);
    for (const gw of [a, b]) {
      const after = await fetch(`${gw.url}/admin/v1/users`, { headers: { cookie: ana.cookie } });
      expect(after.status).toBe(401);
      expect(await after.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('disabling a user on A ends their session on B at once', async () => {
    const ana = await login(a, 'ana', 30);
    const cy = await login(b, 'cy', -30);
    expect((await fetch(`${b.url}/admin/v1/session`, { headers: { cookie: cy.cookie } })).status).toBe(200);
    expect(await rows('SELECT 1 FROM console_sessions WHERE user_id = $1', [userIds.cy])).toHaveLength(1);
    const disabled = await fetch(`${a.url}/admin/v1/users/${userIds.cy}/disable`, {
      method: 'POST',
      headers: json(ana.cookie, ana.csrf),
      body: '{}',
    });
    expect(disabled.status).toBe(200);
    expect(await rows('SELECT 1 FROM console_sessions WHERE user_id = $1', [userIds.cy])).toEqual([]);
    for (const gw of [a, b])
      expect((await fetch(`${gw.url}/admin/v1/session`, { headers: { cookie: cy.cookie } })).status).toBe(
        401,
      );
    // Put cy back for the SSO case.
    const enabled = await fetch(`${a.url}/admin/v1/users/${userIds.cy}`, {
      method: 'POST',
      headers: json(ana.cookie, ana.csrf),
      body: JSON.stringify({ disabled: false }),
    });
    expect(enabled.status).toBe(200);
  });

  it('an SSO sign-in started on A, called back on B, finishes with TOTP on A; its ticket is spent everywhere', async () => {
    idp.nextLogin({ claims: { preferred_username: 'cy', amr: ['pwd'] } });
    const start = await fetch(`${a.url}/admin/v1/sso/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const flow = firstPart(start.headers.getSetCookie().find((c) => c.startsWith(`${SSO_FLOW_COOKIE}=`))!);
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('location')!);
    expect(callback.origin).toBe(b.url);
    const done = await fetch(callback, { redirect: 'manual', headers: { cookie: flow } });
    const location = done.headers.get('location')!;
    const ticket = new URLSearchParams(location.split('?')[1]).get('sso_ticket');
    expect(ticket, location).toMatch(/^[\w-]{43}$/);
    // The pending login was taken by B's callback: replaying it on A finds nothing.
    const replay = await fetch(new URL(callback.pathname + callback.search, a.url), {
      redirect: 'manual',
      headers: { cookie: flow },
    });
    expect(replay.headers.get('location')).toBe('/console/#/login?sso_error=SSO_FAILED');

    const redeem = (gw: RunningGateway, offset: number) =>
      fetch(`${gw.url}/admin/v1/sso/totp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: flow },
        body: JSON.stringify({ ticket, code: code('cy', offset) }),
      });
    const [first, second] = await Promise.all([redeem(a, 0), redeem(b, 30)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 401]);
    const winner = first.status === 200 ? first : second;
    const session = sessionCookie(winner)!;
    const loser = first.status === 200 ? second : first;
    expect(await loser.json()).toMatchObject({ error: { code: 'SSO_TICKET_INVALID' } });
    for (const gw of [a, b])
      expect((await fetch(`${gw.url}/admin/v1/session`, { headers: { cookie: session } })).status).toBe(200);
    // Nothing single-use is left behind in clear: ids are keyed hashes, values sealed.
    const leftovers = await rows('SELECT kind, id_hash, value FROM one_time_records');
    expect(JSON.stringify(leftovers)).not.toContain(ticket!);
    expect(JSON.stringify(leftovers)).not.toContain(flow.split('=')[1]!);
  });
});
