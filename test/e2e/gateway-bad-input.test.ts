import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';

let upstream: FakeUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'ok' }));
  gateway = await createTestGateway({ upstreams: { main: { url: upstream.url } } });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

async function post(payload: string | Buffer, contentType = 'application/json') {
  const response = await gateway.app.inject({
    method: 'POST',
    url: '/v1/chat/completions',
    headers: { 'content-type': contentType },
    payload,
  });
  return {
    status: response.statusCode,
    body: response.json<{ error: Record<string, unknown> }>(),
    headers: response.headers,
  };
}

describe('bad input gets a 4xx with a code, never a crash', () => {
  it('malformed JSON', async () => {
    const r = await post('{"model": "x", "messages": [');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_JSON', type: 'invalid_request_error' });
    expect(r.body.error.request_id).toBe(r.headers['x-request-id']);
  });

  it('wrong types name the field, not the value', async () => {
    const secretish = 'value-' + Math.random().toString(36).slice(2);
    const r = await post(JSON.stringify({ model: 42, messages: [{ role: secretish, content: 'hi' }] }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const paths = (r.body.error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['model', 'messages.0.role']));
    expect(JSON.stringify(r.body)).not.toContain(secretish);
  });

  it('a 50 MB body', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('invalid UTF-8', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"model":"x","messages":[{"role":"user","content":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}]}'),
    ]);
    const r = await post(bytes);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_UTF8');
  });

  it('deeply nested JSON', async () => {
    const depth = 100_000;
    const r = await post(
      '{"model":"x","messages":[{"role":"user","content":"hi","x":' +
        '['.repeat(depth) +
        ']'.repeat(depth) +
        '}]}',
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });

  it('a non-JSON content type', async () => {
    const r = await post('hello', 'text/plain');
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('an empty body', async () => {
    const r = await post('');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toMatch(/INVALID_JSON|BAD_REQUEST/);
  });

  it('an unknown route', async () => {
    const response = await gateway.app.inject({ method: 'GET', url: '/v1/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('health and readiness answer', async () => {
    expect((await gateway.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await gateway.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
  });

  it('still serves a valid request afterwards', async () => {
    const r = await post(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(r.status).toBe(200);
  });
});
