import OpenAI from 'openai';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '../../src/detect/engine.js';
import { defineRecognizer } from '../../src/detect/recognizer.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';
import { testRecognizers } from '../../src/testing/test-recognizers.js';

// A remote-style recogniser that fails on "boom" and never answers on "hang".
const flaky = defineRecognizer({
  id: 'test.flaky',
  entities: [{ type: 'FLAKY', category: 'contact', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: false,
  options: z.object({}),
  mode: 'async',
  create: () => ({
    scanAsync: async (text) => {
      if (text.includes('boom')) throw new Error('classifier unavailable');
      if (text.includes('hang')) await new Promise(() => undefined);
      return [];
    },
  }),
});

let upstream: FakeUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'answered' }));
  gateway = await createTestGateway({
    upstreams: { main: { url: upstream.url } },
    modelsYaml: `  strict: { upstream: main }\n  lenient: { upstream: main }`,
    scanner: createScanner({ recognizers: [...testRecognizers, flaky] }),
    extraYaml:
      'policy:\n  guardrailTimeoutMs: 200\n  routes:\n    - models: [lenient]\n      failOpen: true\n',
  });
  client = new OpenAI({ baseURL: `${await gateway.listen()}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

const ask = (model: string, content: string) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content }] }).then(
    (r) => r.choices[0]?.message.content,
    (e: unknown) => e as InstanceType<typeof OpenAI.APIError>,
  );

describe('guardrail failures', () => {
  it('refuses the request when a guardrail errors (fail closed by default)', async () => {
    const before = upstream.requests.length;
    const error = await ask('strict', 'boom');
    expect(error).toMatchObject({ status: 503, code: 'GUARDRAIL_FAILED' });
    expect(upstream.requests.length).toBe(before);
  });

  it('refuses the request when a guardrail times out', async () => {
    const started = Date.now();
    expect(await ask('strict', 'hang')).toMatchObject({ status: 503, code: 'GUARDRAIL_FAILED' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lets the request through on a route whose policy is fail-open', async () => {
    expect(await ask('lenient', 'boom')).toBe('answered');
    expect(await ask('lenient', 'hang')).toBe('answered');
  });
});
