import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog, type AuditKeys, type AuditLog } from '../../audit/index.js';
import { createApiKeyService, createApiKeyVerifier, type Role } from '../../auth/index.js';
import { parseConfig } from '../../config/index.js';
import { toWireError, BulwarkError } from '../../core/index.js';
import { createKeyRing, createLocalKms } from '../../crypto/index.js';
import { openMemoryStorage } from '../../storage/index.js';
import { createTestScanner } from '../../testing/test-recognizers.js';
import { ADMIN_PREFIX, registerAdminApi } from './admin-api.js';
import { adminRoutesFor, type AdminAuditEntry } from './admin-routes.js';

const storage = openMemoryStorage();
const pepper = randomBytes(32);
const keys = createApiKeyService(storage.apiKeys, pepper);
const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
const dir = mkdtempSync(join(tmpdir(), 'bulwark-console-routes-'));
const config = parseConfig(
  'upstreams:\n  u: { kind: openai-compatible, baseUrl: "https://example.com/v1" }\nmodels:\n  m: { upstream: u }\n' +
    `console: { reportsDir: '${join(dir, 'reports')}', sso: { enabled: true, label: 'Sign in with Okta', issuer: 'https://idp.example.com', clientId: 'bulwark', redirectUri: 'https://bulwark.example.com/admin/v1/sso/callback' } }\n`,
  { env: {} },
);
const audited: AdminAuditEntry[] = [];
let app: FastifyInstance;
let log: AuditLog & AuditKeys;
const tokens = {} as Record<Role | 'globexOfficer', string>;

beforeAll(async () => {
  mkdirSync(join(dir, 'reports'));
  writeFileSync(join(dir, 'reports', 'run.html'), '<title>red-team</title><script>alert(1)</script>');
  log = await openAuditLog({ store: storage.audit, keyRing, checkpointIntervalMs: 3_600_000 });
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = toWireError(
      error instanceof BulwarkError ? error : new BulwarkError('INTERNAL'),
    );
    void reply.code(status).send(body);
  });
  registerAdminApi(app, {
    storage,
    keys,
    verifier: createApiKeyVerifier({ store: storage.apiKeys, pepper, cacheTtlMs: 0 }),
    config: () => config,
    apiKeys: true,
    routes: adminRoutesFor(storage),
    audit: async (e) => void audited.push(e),
    gateway: { scanner: createTestScanner(), audit: log },
  });
  await app.ready();
  for (const role of ['admin', 'security_officer', 'auditor'] as const)
    tokens[role] = (await keys.create({ name: role, tenant: 'acme', role, clearance: 'restricted' })).token;
  tokens.globexOfficer = (
    await keys.create({ name: 'g', tenant: 'globex', role: 'security_officer', clearance: 'restricted' })
  ).token;
});
afterAll(async () => {
  await app.close();
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, who: keyof typeof tokens = 'admin') =>
  app.inject({
    method: 'GET',
    url: ADMIN_PREFIX + path,
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
const post = (path: string, payload: object, who: keyof typeof tokens = 'admin') =>
  app.inject({
    method: 'POST',
    url: ADMIN_PREFIX + path,
    headers: { authorization: `Bearer ${tokens[who]}` },
    payload,
  });

describe('console admin routes over HTTP', () => {
  it('proves a record against a checkpoint signed on demand', async () => {
    const { id } = await log.append({ kind: 'request', tenant: 'acme', principal: 'app:x', model: 'm' });
    const before = (await get(`/audit/records/${id}`)).json<{ verified: boolean; proofProblem?: string }>();
    expect(before).toMatchObject({
      verified: false,
      proofProblem: expect.stringContaining('No signed checkpoint'),
    });
    expect((await post('/audit/checkpoint', {}, 'auditor')).statusCode).toBe(200);
    const after = (await get(`/audit/records/${id}`)).json();
    expect(after).toMatchObject({
      verified: true,
      leafMatches: true,
      proof: { valid: true },
      latestCheckpoint: { signatureValid: true },
    });
    expect(audited).toContainEqual(
      expect.objectContaining({ action: 'audit.checkpoint', outcome: 'success' }),
    );
    // Another tenant's officer cannot tell the record exists.
    expect((await get(`/audit/records/${id}`, 'globexOfficer')).statusCode).toBe(404);
  });

  it('exports the current filter as a CSV attachment and audits the export', async () => {
    const res = await get('/audit/export?format=csv&kind=request&principal=app:x', 'security_officer');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="bulwark-audit-.*\.csv"$/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body.split('\r\n')[1]).toContain('app:x');
    expect(audited.at(-1)).toMatchObject({ action: 'audit.export', target: expect.stringContaining('csv') });
    expect((await get('/audit?limit=0')).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await get('/audit?unknown=1')).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('serves an HTML report under a sandboxing CSP that only the console may frame', async () => {
    const list = (await get('/reports', 'auditor')).json<{ data: { id: string; kind: string }[] }>();
    expect(list.data).toHaveLength(1);
    const raw = await get(`/reports/${list.data[0]!.id}/raw`, 'auditor');
    expect(raw.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(raw.headers['content-security-policy']).toMatch(
      /^sandbox; default-src 'none'.*frame-ancestors 'self'/,
    );
    expect(raw.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(raw.headers['x-content-type-options']).toBe('nosniff');
  });

  it('suspends and reinstates only the keys an alert names, within the caller’s tenant', async () => {
    const suspect = await keys.create({ name: 'bot', tenant: 'acme', role: 'app', clearance: 'internal' });
    const bystander = await keys.create({
      name: 'other',
      tenant: 'acme',
      role: 'app',
      clearance: 'internal',
    });
    const { alert } = await storage.alerts.raise(
      {
        id: 'al_1',
        dedupeKey: 'x',
        detector: 'injection-repeat',
        severity: 'high',
        subjectKind: 'principal',
        subjectId: suspect.record.principal,
        summary: 's',
        evidence: {},
        at: new Date().toISOString(),
      },
      new Date(0).toISOString(),
    );
    const named = (await get(`/alerts/${alert.id}/keys`, 'security_officer')).json<{
      data: { id: string }[];
    }>();
    expect(named.data.map((k) => k.id)).toEqual([suspect.record.id]);
    expect(
      (await post(`/alerts/${alert.id}/suspend-key`, { keyId: bystander.record.id }, 'security_officer'))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/alerts/${alert.id}/suspend-key`, { keyId: suspect.record.id }, 'globexOfficer'))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/alerts/${alert.id}/suspend-key`, { keyId: suspect.record.id }, 'auditor')).statusCode,
    ).toBe(403);
    expect(
      (
        await post(`/alerts/${alert.id}/suspend-key`, { keyId: suspect.record.id }, 'security_officer')
      ).json(),
    ).toEqual({
      id: suspect.record.id,
      suspended: true,
    });
    expect((await storage.apiKeys.get(suspect.record.id))?.suspendedAt).toBeDefined();
    expect(audited.at(-1)).toMatchObject({
      action: 'keys.suspend',
      target: `${suspect.record.id} alert:al_1`,
    });
    expect(
      (
        await post(`/alerts/${alert.id}/reinstate-key`, { keyId: suspect.record.id }, 'security_officer')
      ).json(),
    ).toEqual({
      id: suspect.record.id,
      reinstated: true,
    });
    const filtered = (await get('/alerts?severity=low')).json<{ data: unknown[] }>();
    expect(filtered.data).toEqual([]);
  });

  it('dry-runs a prompt without echoing detected values, and audits only that it ran', async () => {
    const res = await post(
      '/policies/dry-run',
      { prompt: 'mail ana@example.com please' },
      'security_officer',
    );
    expect(res.json()).toMatchObject({ policy: 'active', maskedPreview: 'mail [EMAIL] please' });
    expect(res.body).not.toContain('ana@example.com');
    expect(audited.at(-1)).toMatchObject({ action: 'policies.dry_run' });
    expect(JSON.stringify(audited)).not.toContain('ana@');
    const invalid = await post(
      '/policies/dry-run',
      { prompt: 'x', text: 'input: { default: nah }' },
      'security_officer',
    );
    expect(invalid.json()).toMatchObject({ error: { code: 'POLICY_INVALID' } });
    expect((await post('/policies/apply', { text: '', version: '0'.repeat(16) })).json()).toMatchObject({
      error: { code: 'POLICY_READ_ONLY' },
    });
  });

  it('puts security headers on every admin response, errors included', async () => {
    for (const res of [
      await get('/overview'),
      await app.inject({ method: 'GET', url: `${ADMIN_PREFIX}/overview` }),
    ]) {
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });
});
