import { randomBytes } from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyService,
  createApiKeyVerifier,
  createSessionStore,
  createTenantGate,
  createUserService,
  createUserSetup,
  ROLE_PERMISSIONS,
  ROLES,
  SESSION_COOKIE,
  totpAt,
  type Role,
} from '../../src/auth/index.js';
import { openAuditLog } from '../../src/audit/index.js';
import { createKeyRing, createLocalKms } from '../../src/crypto/index.js';
import { parseConfig } from '../../src/config/index.js';
import { ADMIN_PREFIX, registerAdminApi, SESSION_ROUTES } from '../../src/gateway/admin/admin-api.js';
import { adminRoutesFor, type AdminAuditEntry } from '../../src/gateway/admin/admin-routes.js';
import { buildGatewayApp } from '../../src/gateway/app.js';
import { createServices } from '../../src/gateway/services.js';
import { openMemoryStorage } from '../../src/storage/index.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';

const pepper = randomBytes(32);
const storage = openMemoryStorage();
const keys = createApiKeyService(storage.apiKeys, pepper);
const tenants = createTenantGate(storage.tenants, { ttlMs: 0 });
const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper, cacheTtlMs: 0, tenants });
const config = parseConfig(
  'upstreams:\n  u: { kind: openai-compatible, baseUrl: "https://example.com/v1" }\nmodels:\n  m: { upstream: u }\n',
  { env: {} },
);
const audited: AdminAuditEntry[] = [];
let clock = Date.now();
const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
const fast = { now: () => clock, scrypt: { N: 2 ** 10, r: 8, p: 1 } };
const users = createUserService(storage.users, keyRing, fast);
const sessions = createSessionStore({
  store: storage.consoleSessions,
  keyRing,
  idleMs: 60_000,
  absoluteMs: 3_600_000,
  now: () => clock,
});
const logins = {} as Record<Role, { cookie: string; csrf: string }>;
const userIds = {} as Record<Role, string>;
const registered: RouteOptions[] = [];
const ROUTES = adminRoutesFor(storage);
const tokens = {} as Record<Role, { token: string; principal: string }>;
let app: FastifyInstance;

beforeAll(async () => {
  app = buildGatewayApp({
    services: { current: createServices({ config, scanner: createTestScanner() }) },
    logger: false,
  });
  app.addHook('onRoute', (route) => void registered.push(route));
  registerAdminApi(app, {
    storage,
    keys,
    verifier,
    tenants,
    config: () => config,
    audit: async (e) => void audited.push(e),
    console: { users, sessions, oneTime: { store: storage.oneTimeRecords, keyRing } },
    setup: createUserSetup(storage.users, keyRing, fast),
    // The matrix runs every route via keys as well as sessions.
    apiKeys: true,
    routes: ROUTES,
    // The console's routes: a scanner for policy dry runs, the audit log for checkpoints.
    gateway: {
      scanner: createTestScanner(),
      audit: await openAuditLog({ store: storage.audit, keyRing, checkpointIntervalMs: 0 }),
    },
  });
  await app.ready();
  for (const role of ROLES) {
    const { token, record } = await keys.create({
      name: role,
      tenant: 'acme',
      role,
      clearance: 'confidential',
      principal: `user:${role}`,
    });
    tokens[role] = { token, principal: record.principal };
  }
  for (const role of ROLES) {
    const password = 'pw-' + randomBytes(9).toString('hex');
    const created = await users.create({
      tenant: 'acme',
      username: `u-${role}`,
      roles: [role],
      clearance: 'confidential',
      password,
    });
    userIds[role] = created.user.id;
    const code = totpAt(new URL(created.totpUri).searchParams.get('secret')!, Math.floor(clock / 1000));
    const res = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/session`,
      payload: { tenant: 'acme', username: `u-${role}`, password, code },
    });
    expect(res.statusCode).toBe(200);
    logins[role] = {
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      csrf: res.json<{ csrfToken: string }>().csrfToken,
    };
  }
});
afterAll(async () => {
  await app.close();
});

async function call(
  route: { method: string; path: string },
  role: Role | undefined,
  via: 'key' | 'session' = 'key',
) {
  let path = route.path;
  if (path.includes('/keys/:id')) {
    // A key the caller owns, so *_own holders pass the ownership check and only the gate decides.
    const own = await keys.create({
      name: 'target',
      tenant: 'acme',
      role: 'app',
      clearance: 'public',
      principal: role ? (via === 'key' ? tokens[role].principal : `user:${userIds[role]}`) : 'x',
    });
    path = path.replace(':id', own.record.id);
  }
  if (path.includes('/users/:id')) {
    const id = randomBytes(6).toString('hex');
    const at = new Date().toISOString();
    await storage.users.create({
      id,
      tenant: 'acme',
      username: id,
      roles: ['auditor'],
      clearance: 'internal',
      mfa: { recoveryCodeHashes: [] },
      disabled: false,
      failedLogins: 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    path = path.replace(':id', id);
  }
  const body =
    route.method === 'POST' && route.path === '/keys'
      ? { name: 'made', role: 'app', clearance: 'public' }
      : route.method === 'POST' && route.path === '/users'
        ? { username: 'u' + randomBytes(4).toString('hex'), roles: ['auditor'] }
        : route.method === 'POST' && route.path === '/tenants'
          ? { id: 't-' + randomBytes(4).toString('hex') }
          : route.method === 'POST' && route.path === '/policies/dry-run'
            ? { prompt: 'hello' }
            : route.method === 'POST'
              ? {}
              : undefined;
  const res = await app.inject({
    method: route.method as 'GET' | 'POST',
    url: ADMIN_PREFIX + path,
    headers: !role
      ? {}
      : via === 'key'
        ? { authorization: `Bearer ${tokens[role].token}` }
        : { cookie: logins[role].cookie, 'x-csrf-token': logins[role].csrf },
    ...(body ? { payload: body } : {}),
  });
  return { status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code };
}

describe('admin API: every route × every role', () => {
  it('every route under /admin/v1 declares its permissions (a route without a rule fails here)', () => {
    // Fastify adds a HEAD twin for each GET; it runs the same handler and the same check.
    const mounted = registered.filter((r) => String(r.url).startsWith(ADMIN_PREFIX) && r.method !== 'HEAD');
    const login = mounted.filter(
      (r) => (r.config as { session?: unknown } | undefined)?.session !== undefined,
    );
    expect(login.map((r) => `${String(r.method)} ${r.url.slice(ADMIN_PREFIX.length)}`).sort()).toEqual(
      [...SESSION_ROUTES].sort(),
    );
    const admin = mounted.filter((r) => !login.includes(r));
    expect(admin.length).toBe(ROUTES.length);
    for (const route of admin) {
      const permissions = (route.config as { permissions?: unknown } | undefined)?.permissions;
      expect(Array.isArray(permissions) && permissions.length > 0, `${route.method} ${route.url}`).toBe(true);
    }
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: refuses the unauthenticated, allows exactly the roles holding ${route.permissions.join(' | ')}`, async () => {
      expect(await call(route, undefined)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      for (const role of ROLES) {
        const allowed = route.permissions.some((p) => ROLE_PERMISSIONS[role].includes(p));
        for (const via of ['key', 'session'] as const) {
          const got = await call(route, role, via);
          // Alert routes, and routes about one record, report or config file, have nothing to act on
          // here: past the gate they answer 4xx, never 401/403.
          const targetless =
            route.path.startsWith('/alerts') ||
            (route.path.includes('/:') && !/^\/(keys|users)\//.test(route.path)) ||
            route.path === '/policies/apply';
          if (allowed && targetless)
            expect([401, 403], `${role} via ${via} should pass the gate`).not.toContain(got.status);
          else if (allowed) expect(got.status, `${role} via ${via} should be allowed`).toBeLessThan(300);
          else
            expect(got, `${role} via ${via} should be refused`).toEqual({ status: 403, code: 'FORBIDDEN' });
        }
      }
    });
  }
});

describe('admin API behaviour', () => {
  it('shows a new key once, never a hash, and audits state changes with the actor', async () => {
    audited.length = 0;
    const res = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/keys`,
      headers: { authorization: `Bearer ${tokens.admin.token}` },
      payload: { name: 'svc', role: 'app', clearance: 'internal', models: ['m'] },
    });
    const created = res.json<{ key: string; record: Record<string, unknown> }>();
    expect(created.key).toMatch(/^bk_live_/);
    expect(created.record).not.toHaveProperty('secretHash');
    const list = await app.inject({
      method: 'GET',
      url: `${ADMIN_PREFIX}/keys`,
      headers: { authorization: `Bearer ${tokens.admin.token}` },
    });
    expect(list.body).not.toContain('secretHash');
    expect(list.body).not.toContain(created.key);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'keys.create',
        outcome: 'success',
        principal: 'user:admin',
        role: 'admin',
      }),
    ]);
    expect(JSON.stringify(audited)).not.toContain(created.key);
  });

  it('keeps developers to their own keys, their own role and clearance, and their own tenant', async () => {
    const dev = { authorization: `Bearer ${tokens.developer.token}` };
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: `${ADMIN_PREFIX}/keys`, headers: dev, payload });
    expect((await post({ name: 'x', role: 'admin' })).statusCode).toBe(403);
    expect((await post({ name: 'x', role: 'app', clearance: 'restricted' })).statusCode).toBe(403);
    expect((await post({ name: 'x', role: 'app', tenant: 'globex' })).json()).toMatchObject({
      error: { code: 'TENANT_MISMATCH' },
    });
    expect((await post({ name: 'x', role: 'app' })).statusCode).toBe(200);
    const other = await keys.create({ name: 'theirs', tenant: 'acme', role: 'app', clearance: 'public' });
    const revoke = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/keys/${other.record.id}/revoke`,
      headers: dev,
    });
    expect(revoke.statusCode).toBe(403);
    const mine = (await app.inject({ method: 'GET', url: `${ADMIN_PREFIX}/keys`, headers: dev })).json<{
      data: { principal: string }[];
    }>();
    expect(mine.data.length).toBeGreaterThan(0);
    expect(mine.data.every((k) => k.principal === 'user:developer')).toBe(true);
  });

  it('refuses bad input precisely', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/users`,
      headers: { authorization: `Bearer ${tokens.admin.token}` },
      payload: { username: 'bad name!', roles: ['root'] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: { fields: ['username', 'roles.0'] } },
    });
  });
});

describe('key access', () => {
  it("an admin changes a key's clearance and scopes; the key is held to them at once; null clears a scope", async () => {
    const admin = { authorization: `Bearer ${tokens.admin.token}` };
    const { token, record } = await keys.create({
      name: 'edit',
      tenant: 'acme',
      role: 'app',
      clearance: 'confidential',
    });
    const edit = (payload: object) =>
      app.inject({ method: 'POST', url: `${ADMIN_PREFIX}/keys/${record.id}`, headers: admin, payload });
    const narrowed = await edit({ clearance: 'public', models: ['m'], routes: ['/v1/chat/completions'] });
    expect(narrowed.json()).toMatchObject({
      clearance: 'public',
      scopes: { models: ['m'], routes: ['/v1/chat/completions'] },
    });
    expect(narrowed.body).not.toContain('secretHash');
    const verified = await verifier.verify(token);
    expect(verified.principal).toMatchObject({ clearance: 'public', scopes: { models: ['m'] } });
    expect((await edit({ models: null })).json()).toMatchObject({
      scopes: { routes: ['/v1/chat/completions'] },
    });
    expect((await storage.apiKeys.get(record.id))?.scopes.models).toBeUndefined();
    expect((await edit({ models: [] })).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await edit({ role: 'root' })).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(audited).toContainEqual(
      expect.objectContaining({ action: 'keys.update', target: record.id, outcome: 'success' }),
    );
    await keys.revoke(record.id);
    expect((await edit({ clearance: 'restricted' })).json()).toMatchObject({ error: { code: 'CONFLICT' } });
  });
});

describe('tenants', () => {
  it('lists implied and registered tenants; disabling one refuses its keys and signs its users out, then re-enabling restores them', async () => {
    const admin = { authorization: `Bearer ${tokens.admin.token}` };
    const { token } = await keys.create({ name: 'g', tenant: 'globex', role: 'app', clearance: 'public' });
    const password = 'pw-' + randomBytes(9).toString('hex');
    const made = await users.create({
      tenant: 'globex',
      username: 'g-officer',
      roles: ['security_officer'],
      clearance: 'internal',
      password,
    });
    const code = totpAt(new URL(made.totpUri).searchParams.get('secret')!, Math.floor(clock / 1000));
    const login = (c: string) =>
      app.inject({
        method: 'POST',
        url: `${ADMIN_PREFIX}/session`,
        payload: { tenant: 'globex', username: 'g-officer', password, code: c },
      });
    const signedIn = await login(code);
    expect(signedIn.statusCode).toBe(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const asOfficer = () =>
      app.inject({ method: 'GET', url: `${ADMIN_PREFIX}/tenants`, headers: { cookie } });
    expect((await asOfficer()).json()).toEqual({
      data: [{ id: 'globex', name: 'globex', registered: false, disabled: false }],
    });
    await expect(verifier.verify(token)).resolves.toBeDefined();

    const disable = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/tenants/globex`,
      headers: admin,
      payload: { disabled: true },
    });
    expect(disable.json()).toMatchObject({ id: 'globex', registered: true, disabled: true });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TENANT_DISABLED' });
    expect((await asOfficer()).statusCode).toBe(401);
    // Right credentials, disabled tenant: refused after the password and code were checked.
    clock += 30_000;
    const again = totpAt(new URL(made.totpUri).searchParams.get('secret')!, Math.floor(clock / 1000));
    expect((await login(again)).json()).toMatchObject({ error: { code: 'TENANT_DISABLED' } });
    expect(audited).toContainEqual(
      expect.objectContaining({ action: 'tenants.disable', target: 'globex', outcome: 'success' }),
    );

    // An admin cannot disable the tenant they work in; a malformed id is refused.
    const self = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/tenants/acme`,
      headers: admin,
      payload: { disabled: true },
    });
    expect(self.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const bad = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/tenants`,
      headers: admin,
      payload: { id: 'Not A Tenant' },
    });
    expect(bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const dup = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/tenants`,
      headers: admin,
      payload: { id: 'globex' },
    });
    expect(dup.json()).toMatchObject({ error: { code: 'CONFLICT' } });

    await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/tenants/globex`,
      headers: admin,
      payload: { disabled: false, name: 'Globex' },
    });
    await expect(verifier.verify(token)).resolves.toBeDefined();
    const listed = (
      await app.inject({ method: 'GET', url: `${ADMIN_PREFIX}/tenants`, headers: admin })
    ).json<{ data: { id: string }[] }>();
    expect(listed.data).toContainEqual({ id: 'globex', name: 'Globex', registered: true, disabled: false });
  });
});

describe('console sessions', () => {
  const session = (role: Role) => ({ cookie: logins[role].cookie, 'x-csrf-token': logins[role].csrf });

  it('issues a Secure, HttpOnly, SameSite=Strict host cookie only after password and TOTP', async () => {
    const password = 'pw-' + randomBytes(9).toString('hex');
    const created = await users.create({
      tenant: 'acme',
      username: 'eve',
      roles: ['admin'],
      clearance: 'internal',
      password,
    });
    const noCode = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/session`,
      payload: { tenant: 'acme', username: 'eve', password },
    });
    expect(noCode.statusCode).toBe(400);
    const wrongCode = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/session`,
      payload: { tenant: 'acme', username: 'eve', password, code: '000000' },
    });
    expect(wrongCode.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    for (const refused of [noCode, wrongCode]) expect(refused.headers['set-cookie']).toBeUndefined();
    const code = totpAt(new URL(created.totpUri).searchParams.get('secret')!, Math.floor(clock / 1000));
    const ok = await app.inject({
      method: 'POST',
      url: `${ADMIN_PREFIX}/session`,
      payload: { tenant: 'acme', username: 'eve', password, code },
    });
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Strict$`),
    );
  });

  it('refuses state changes without the CSRF token, with a wrong one, and unknown cookies', async () => {
    const post = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `${ADMIN_PREFIX}/keys`,
        headers,
        payload: { name: 'x', role: 'app' },
      });
    expect((await post({ cookie: logins.admin.cookie })).json()).toMatchObject({
      error: { code: 'CSRF_FAILED' },
    });
    expect((await post({ cookie: logins.admin.cookie, 'x-csrf-token': 'guess' })).json()).toMatchObject({
      error: { code: 'CSRF_FAILED' },
    });
    expect(
      (await post({ cookie: `${SESSION_COOKIE}=forged`, 'x-csrf-token': logins.admin.csrf })).json(),
    ).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await post(session('admin'))).statusCode).toBe(200);
  });

  it('rotates the session id on a privilege change and drops the old id; disabling ends sessions', async () => {
    const user = (await storage.users.get(userIds.auditor))!;
    await storage.users.update(
      { ...user, roles: ['security_officer'], version: user.version + 1 },
      user.version,
    );
    const res = await app.inject({
      method: 'GET',
      url: `${ADMIN_PREFIX}/tenants`,
      headers: session('auditor'),
    });
    expect(res.statusCode).toBe(200); // security_officer holds tenants:read, auditor did not
    const rotated = String(res.headers['set-cookie']).split(';')[0]!;
    expect(rotated).not.toBe(logins.auditor.cookie);
    const stale = await app.inject({
      method: 'GET',
      url: `${ADMIN_PREFIX}/tenants`,
      headers: session('auditor'),
    });
    expect(stale.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const dev = (await storage.users.get(userIds.developer))!;
    await storage.users.update({ ...dev, disabled: true, version: dev.version + 1 }, dev.version);
    const gone = await app.inject({
      method: 'GET',
      url: `${ADMIN_PREFIX}/keys`,
      headers: session('developer'),
    });
    expect(gone.statusCode).toBe(401);
  });

  it('expires idle sessions', async () => {
    clock += 61_000;
    const res = await app.inject({ method: 'GET', url: `${ADMIN_PREFIX}/roles`, headers: session('admin') });
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
