import { randomBytes } from 'node:crypto';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKeyService,
  createApiKeyVerifier,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from '../../src/auth/index.js';
import { parseConfig } from '../../src/config/index.js';
import { ADMIN_PREFIX, registerAdminApi } from '../../src/gateway/admin/admin-api.js';
import { ADMIN_ROUTES, type AdminAuditEntry } from '../../src/gateway/admin/admin-routes.js';
import { buildGatewayApp } from '../../src/gateway/app.js';
import { createServices } from '../../src/gateway/services.js';
import { openMemoryStorage } from '../../src/storage/index.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';

const pepper = randomBytes(32);
const storage = openMemoryStorage();
const keys = createApiKeyService(storage.apiKeys, pepper);
const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper, cacheTtlMs: 0 });
const config = parseConfig(
  'upstreams:\n  u: { kind: openai-compatible, baseUrl: "https://example.com/v1" }\nmodels:\n  m: { upstream: u }\n',
  { env: {} },
);
const audited: AdminAuditEntry[] = [];
const registered: RouteOptions[] = [];
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
    config: () => config,
    audit: async (e) => void audited.push(e),
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
});
afterAll(async () => {
  await app.close();
});

async function call(route: { method: string; path: string }, role: Role | undefined) {
  let path = route.path;
  if (path.includes('/keys/:id')) {
    // A key the caller owns, so *_own holders pass the ownership check and only the gate decides.
    const own = await keys.create({
      name: 'target',
      tenant: 'acme',
      role: 'app',
      clearance: 'public',
      principal: role ? tokens[role].principal : 'x',
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
        : route.method === 'POST'
          ? {}
          : undefined;
  const res = await app.inject({
    method: route.method as 'GET' | 'POST',
    url: ADMIN_PREFIX + path,
    headers: { ...(role ? { authorization: `Bearer ${tokens[role].token}` } : {}) },
    ...(body ? { payload: body } : {}),
  });
  return { status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code };
}

describe('admin API: every route × every role', () => {
  it('every route under /admin/v1 declares its permissions (a route without a rule fails here)', () => {
    // Fastify adds a HEAD twin for each GET; it runs the same handler and the same check.
    const admin = registered.filter((r) => String(r.url).startsWith(ADMIN_PREFIX) && r.method !== 'HEAD');
    expect(admin.length).toBe(ADMIN_ROUTES.length);
    for (const route of admin) {
      const permissions = (route.config as { permissions?: unknown } | undefined)?.permissions;
      expect(Array.isArray(permissions) && permissions.length > 0, `${route.method} ${route.url}`).toBe(true);
    }
  });

  for (const route of ADMIN_ROUTES) {
    it(`${route.method} ${route.path}: refuses the unauthenticated, allows exactly the roles holding ${route.permissions.join(' | ')}`, async () => {
      expect(await call(route, undefined)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      for (const role of ROLES) {
        const allowed = route.permissions.some((p) => ROLE_PERMISSIONS[role].includes(p));
        const got = await call(route, role);
        if (allowed) expect(got.status, `${role} should be allowed`).toBeLessThan(300);
        else expect(got, `${role} should be refused`).toEqual({ status: 403, code: 'FORBIDDEN' });
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
