import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyService, createApiKeyVerifier, generateApiKey } from '../../src/auth/index.js';
import { createScanner } from '../../src/detect/index.js';
import { secretRecognizers } from '../../src/detect/secrets/index.js';
import {
  identityStages,
  type IdentityStagesOptions,
} from '../../src/gateway/stages/authenticate-pipeline.js';
import type { AuthDecision } from '../../src/gateway/stages/authenticate.js';
import { openMemoryStorage } from '../../src/storage/index.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';

const pepper = randomBytes(32);
const storage = openMemoryStorage();
const keys = createApiKeyService(storage.apiKeys, pepper);
const decisions: AuthDecision[] = [];
const lines: string[] = [];
let upstream: FakeUpstream;
let claude: FakeUpstream;
let gateway: TestGateway;
let base: string;

async function gatewayWith(options: Partial<IdentityStagesOptions>, logStream?: { write(l: string): void }) {
  const verifier = createApiKeyVerifier({
    store: storage.apiKeys,
    pepper,
    users: storage.users,
    cacheTtlMs: 0,
  });
  return createTestGateway({
    upstreams: { main: { url: upstream.url }, claude: { url: claude.url, kind: 'anthropic' } },
    modelsYaml: `  gpt-a: { upstream: main }\n  gpt-b: { upstream: main }\n  claude-a: { upstream: claude }`,
    extraYaml: 'server: { logLevel: trace }\n',
    stages: identityStages({ verifier, onDecision: (d) => decisions.push(d), ...options }),
    ...(logStream ? { logStream } : {}),
  });
}

async function call(headers: Record<string, string>, model = 'gpt-a', path = '/v1/chat/completions') {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code ?? 'ok' };
}

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'fine' }));
  claude = await startFakeUpstream('anthropic', () => ({ content: 'fine' }));
  gateway = await gatewayWith({ mode: 'required' }, { write: (l) => void lines.push(l) });
  base = await gateway.listen();
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await claude.close();
});

const create = (extra: Partial<Parameters<typeof keys.create>[0]> = {}) =>
  keys.create({
    name: 'k' + randomBytes(3).toString('hex'),
    tenant: 'acme',
    role: 'app',
    clearance: 'internal',
    ...extra,
  });

describe('gateway authentication', () => {
  it('accepts a key as Bearer, as x-api-key, and through both SDKs', async () => {
    const { token } = await create();
    expect(await call({ authorization: `Bearer ${token}` })).toEqual({ status: 200, code: 'ok' });
    expect(await call({ 'x-api-key': token })).toEqual({ status: 200, code: 'ok' });
    const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: token, maxRetries: 0 });
    const done = await openai.chat.completions.create({
      model: 'gpt-a',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(done.choices[0]?.message.content).toBe('fine');
    const anthropic = new Anthropic({ baseURL: base, apiKey: token, maxRetries: 0 });
    const msg = await anthropic.messages.create({
      model: 'claude-a',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(msg.content[0]).toMatchObject({ type: 'text', text: 'fine' });
  });

  it('refuses each failure with its own code', async () => {
    const ok = await create();
    const expired = await create({ ttlMs: 1 });
    const revoked = await create();
    await keys.revoke(revoked.record.id);
    const scoped = await create({ scopes: { models: ['gpt-b'] } });
    const routeScoped = await create({ scopes: { routes: ['/v1/messages'] } });
    const devKey = await create({ role: 'auditor' });
    const userId = 'u-' + randomBytes(4).toString('hex');
    const at = new Date().toISOString();
    await storage.users.create({
      id: userId,
      tenant: 'acme',
      username: userId,
      roles: ['developer'],
      clearance: 'internal',
      mfa: { recoveryCodeHashes: [] },
      disabled: true,
      failedLogins: 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
    const suspended = await create({ principal: `user:${userId}`, role: 'developer' });
    await new Promise((r) => setTimeout(r, 5));
    const forged = generateApiKey().token;
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

    expect(await call({})).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await call(bearer('not-a-key'))).toEqual({ status: 401, code: 'INVALID_API_KEY' });
    expect(await call(bearer(forged))).toEqual({ status: 401, code: 'INVALID_API_KEY' });
    expect(await call({ authorization: `Basic ${ok.token}` })).toEqual({
      status: 401,
      code: 'INVALID_API_KEY',
    });
    expect(await call({ ...bearer(ok.token), 'x-api-key': forged })).toEqual({
      status: 401,
      code: 'INVALID_API_KEY',
    });
    expect(await call(bearer(expired.token))).toEqual({ status: 401, code: 'API_KEY_EXPIRED' });
    expect(await call(bearer(revoked.token))).toEqual({ status: 401, code: 'API_KEY_REVOKED' });
    expect(await call(bearer(suspended.token))).toEqual({ status: 403, code: 'API_KEY_SUSPENDED' });
    expect(await call(bearer(scoped.token))).toEqual({ status: 403, code: 'SCOPE_DENIED' });
    expect(await call(bearer(scoped.token), 'gpt-b')).toEqual({ status: 200, code: 'ok' });
    expect(await call(bearer(routeScoped.token))).toEqual({ status: 403, code: 'SCOPE_DENIED' });
    expect(await call(bearer(devKey.token))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await call({ ...bearer(ok.token), 'x-bulwark-tenant': 'globex' })).toEqual({
      status: 403,
      code: 'TENANT_MISMATCH',
    });
    expect(await call({ ...bearer(ok.token), 'x-bulwark-tenant': 'acme' })).toEqual({
      status: 200,
      code: 'ok',
    });
  });

  it('records every decision for the audit hook without the secret, and never logs the secret', async () => {
    decisions.length = 0;
    lines.length = 0;
    const good = await create();
    const bad = good.token.slice(0, -7) + (good.token.at(-7) === 'a' ? 'b' : 'a') + good.token.slice(-6);
    await call({ authorization: `Bearer ${good.token}` });
    await call({ 'x-api-key': bad });
    await call({ authorization: `Bearer ${good.token}x` });
    expect(decisions.map((d) => d.outcome)).toEqual(['allow', 'deny', 'deny']);
    expect(decisions[0]).toMatchObject({
      keyId: good.record.id,
      tenant: 'acme',
      path: '/v1/chat/completions',
    });
    const secret = good.token.slice(`bk_live_${good.record.id}_`.length);
    const everything = JSON.stringify(decisions) + lines.join('');
    expect(lines.length).toBeGreaterThan(3);
    expect(everything).toContain('authentication refused');
    expect(everything).not.toContain(secret.slice(0, 16));
    expect(everything).not.toContain(secret.slice(-16));
  });
});

describe('auth modes', () => {
  it('auto: anonymous until the first key exists, then required', async () => {
    const empty = openMemoryStorage();
    const verifier = createApiKeyVerifier({ store: empty.apiKeys, pepper });
    let exists = false;
    const g = await createTestGateway({
      upstreams: { main: { url: upstream.url } },
      stages: identityStages({ verifier, mode: 'auto', keysExist: async () => exists }),
    });
    const url = await g.listen();
    const post = () =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
    expect((await post()).status).toBe(200);
    exists = true;
    expect((await post()).status).toBe(401);
    await g.close();
  });
});

describe('revocation across replicas', () => {
  it('a key revoked on one replica stops working on another within the cache TTL', async () => {
    let clock = Date.now();
    const now = () => clock;
    const replicaA = createApiKeyVerifier({ store: storage.apiKeys, pepper, cacheTtlMs: 5_000, now });
    const replicaB = createApiKeyVerifier({ store: storage.apiKeys, pepper, cacheTtlMs: 5_000, now });
    const { token, record } = await create();
    await replicaA.verify(token);
    await replicaB.verify(token);
    await createApiKeyService(storage.apiKeys, pepper, now).revoke(record.id);
    replicaA.forget(record.id);
    await expect(replicaA.verify(token)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
    clock += 5_000;
    await expect(replicaB.verify(token)).rejects.toMatchObject({ code: 'API_KEY_REVOKED' });
  });
});

describe('secret scanning', () => {
  it('recognises a leaked Bulwark key and validates its checksum offline', async () => {
    const scanner = createScanner({ recognizers: secretRecognizers });
    const { token } = generateApiKey();
    const [hit] = scanner.scan(`export BULWARK_KEY=${token}`);
    expect(hit).toMatchObject({ type: 'BULWARK_API_KEY', score: 0.99 });
    const typo = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    expect(scanner.scan(`export BULWARK_KEY=${typo}`)[0]?.score ?? 0).toBeLessThan(0.99);
  });
});

describe('clearance', () => {
  it('redacts content classified above the key’s clearance that the policy would forward as is', async () => {
    const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper });
    const g = await createTestGateway({
      upstreams: { main: { url: upstream.url } },
      extraYaml: 'policy:\n  input:\n    categories: { contact: allow }\n',
      stages: identityStages({ verifier, mode: 'required' }),
    });
    const url = await g.listen();
    const email = `kim.${randomBytes(4).toString('hex')}@example.com`;
    const send = async (token: string) => {
      const before = upstream.requests.length;
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `write to ${email}` }] }),
      });
      expect(res.status).toBe(200);
      return JSON.stringify(upstream.requests.slice(before));
    };
    const low = await create({ clearance: 'internal' });
    const high = await create({ clearance: 'confidential' });
    const lowSent = await send(low.token);
    expect(lowSent).not.toContain(email);
    expect(lowSent).toContain('[EMAIL]');
    expect(await send(high.token)).toContain(email);
    await g.close();
  });
});

describe('key guessing', () => {
  it('refuses an address outright after too many refused keys, before any lookup', async () => {
    const verifier = createApiKeyVerifier({ store: storage.apiKeys, pepper });
    const g = await createTestGateway({
      upstreams: { main: { url: upstream.url } },
      stages: identityStages({ verifier, mode: 'required', maxFailuresPerMinute: 3 }),
    });
    const url = await g.listen();
    const post = (token: string) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
    for (let i = 0; i < 3; i++) expect((await post(generateApiKey().token)).status).toBe(401);
    const { token } = await create();
    const blocked = await post(token);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    await g.close();
  });
});
