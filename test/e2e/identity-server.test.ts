import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY_PEPPER_PURPOSE, createApiKeyService } from '../../src/auth/index.js';
import { openRuntime } from '../../src/gateway/runtime.js';
import { startGateway } from '../../src/gateway/server.js';
import { startFakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function start(extraYaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-id-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const upstream = await startFakeUpstream('openai', () => ({ content: 'fine' }));
  cleanup.push(() => upstream.close());
  const file = join(dir, 'bulwark.yaml');
  writeFileSync(
    file,
    `upstreams:\n  main: { kind: openai-compatible, baseUrl: '${upstream.url}', allowPrivateNetwork: true }\nmodels:\n  m: { upstream: main }\n${extraYaml}`,
  );
  const dataDir = join(dir, 'data');
  const gw = await startGateway({
    configFile: file,
    port: 0,
    dataDir,
    logger: false,
    scanner: createTestScanner(),
  });
  cleanup.push(() => gw.close());
  const post = (headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
  /** Issues a key the way `bulwark keys create` does: the same data dir, root key and pepper. */
  const issue = async (role: 'app' | 'admin' = 'app') => {
    const runtime = await openRuntime({ dataDir, env: {} });
    try {
      const service = createApiKeyService(
        runtime.storage.apiKeys,
        await runtime.keyRing.deriveSecret(API_KEY_PEPPER_PURPOSE),
      );
      return (await service.create({ name: 'cli', tenant: 'default', role, clearance: 'internal' })).token;
    } finally {
      await runtime.close();
    }
  };
  /** Audit records as stored (after the gateway closed), parsed. */
  const auditBodies = async () => {
    await gw.close();
    const runtime = await openRuntime({ dataDir, env: {} });
    try {
      const entries = await runtime.storage.audit.range(0, 1_000);
      return entries.map((e) => JSON.parse(e.body) as Record<string, unknown>);
    } finally {
      await runtime.close();
    }
  };
  const base = readFileSync(file, 'utf8').replace(extraYaml, '');
  /** Replaces the file's extra sections and reloads, as SIGHUP does. */
  const reload = (yaml: string) => {
    writeFileSync(file, base + yaml);
    return gw.reload();
  };
  return { post, issue, url: gw.url, auditBodies, reload };
}

describe('bulwark start with identity', () => {
  it('auto (default): serves anonymously until a key exists', async () => {
    const { post } = await start('');
    expect((await post()).status).toBe(200);
  });

  it('required: refuses without a key, accepts a key issued through the shared store, enforces limits', async () => {
    const { post, issue } = await start(
      'auth: { mode: required }\nlimits:\n  rules:\n    - { scope: key, requests: 2, windowSeconds: 60 }\n',
    );
    expect((await post()).status).toBe(401);
    const token = await issue();
    const auth = { authorization: `Bearer ${token}` };
    expect((await post(auth)).status).toBe(200);
    expect((await post(auth)).status).toBe(200);
    const refused = await post(auth);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
  });

  it('a reload applies new limits and auth mode to new requests; a bad limits store URL changes nothing', async () => {
    const { post, issue, reload } = await start('');
    const auth = { authorization: `Bearer ${await issue()}` };
    for (let i = 0; i < 3; i++) expect((await post(auth)).status).toBe(200);
    await reload(
      'limits:\n  rules:\n    - { scope: key, requests: 1, windowSeconds: 60 }\nauth: { mode: anonymous }\n',
    );
    expect((await post(auth)).status).toBe(200);
    expect((await post(auth)).status).toBe(429);
    // Anonymous mode took effect too: no key is needed now (the anonymous principal has its own count).
    expect((await post()).status).toBe(200);
    // A file that does not validate keeps the running limits.
    await expect(reload('limits:\n  rules:\n    - { scope: nowhere }\n')).rejects.toThrow(/limits\.rules/);
    expect((await post(auth)).status).toBe(429);
    await reload('');
    expect((await post()).status).toBe(401);
    expect((await post(auth)).status).toBe(200);
  });

  it('refuses admin keys at /admin/v1 by default (no MFA), before checking them', async () => {
    const { issue, url } = await start('auth: { mode: required }\n');
    const admin = { authorization: `Bearer ${await issue('admin')}` };
    for (const headers of [admin, { authorization: 'Bearer bk_live_forged' }]) {
      const res = await fetch(`${url}/admin/v1/keys`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MFA_REQUIRED');
    }
  });

  it('with adminApiKeys, serves the admin API to an admin key; an app key is forbidden; actions pass the audit log', async () => {
    const { issue, url, auditBodies, post } = await start('auth: { mode: required, adminApiKeys: true }\n');
    const admin = { authorization: `Bearer ${await issue('admin')}`, 'content-type': 'application/json' };
    const made = await fetch(`${url}/admin/v1/keys`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'svc', role: 'app' }),
    });
    expect(made.status).toBe(200);
    const list = await fetch(`${url}/admin/v1/keys`, { headers: admin });
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(2);
    const appKey = await issue();
    const app = await fetch(`${url}/admin/v1/keys`, { headers: { authorization: `Bearer ${appKey}` } });
    expect(app.status).toBe(403);
    expect((await post({ authorization: `Bearer ${appKey}x` })).status).toBe(401);
    const records = await auditBodies();
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'admin', action: 'keys.create', outcome: 'success', role: 'admin' }),
    );
    // Authentication refusals reach the log through the gateway's per-request record.
    expect(records).toContainEqual(expect.objectContaining({ kind: 'request', status: 401 }));
    expect(JSON.stringify(records)).not.toContain(appKey);
  });
});
