import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { buildGatewayApp } from '../../src/gateway/app.js';
import { createServices } from '../../src/gateway/services.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestScanner, makeTestSecret } from '../../src/testing/test-recognizers.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'fine' }));
});
afterAll(async () => {
  await upstream.close();
});

const yaml = (extra = '') =>
  `upstreams:\n  main:\n    kind: openai-compatible\n    baseUrl: ${upstream.url}\n    apiKey: k\n    allowPrivateNetwork: true\n    retries: { max: 0, baseDelayMs: 5 }\n` +
  `models:\n  known: { upstream: main, model: up }\n  '*': { upstream: main }\n` +
  `policy: { input: { categories: { secret: redact } } }\n${extra}`;

async function gatewayWith(
  config: string,
  tracing?: { exporter: InMemorySpanExporter; captureContent: boolean },
) {
  const services = createServices({ config: parseConfig(config, { env: {} }), scanner: createTestScanner() });
  const provider = tracing
    ? new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(tracing.exporter)] })
    : undefined;
  const app = buildGatewayApp({
    services: { current: services },
    logger: false,
    ...(provider && tracing
      ? {
          tracing: {
            tracer: provider.getTracer('test'),
            captureContent: tracing.captureContent,
            shutdown: () => provider.shutdown(),
          },
        }
      : {}),
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const chat = async (model: string, content: string) => {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }], max_tokens: 50 }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  return {
    chat,
    close: async () => {
      await app.close();
      await services.close();
    },
  };
}

describe('OpenTelemetry traces', () => {
  it('emits a GenAI request span and one span per stage, without prompt content by default', async () => {
    const exporter = new InMemorySpanExporter();
    const gw = await gatewayWith(yaml(), { exporter, captureContent: false });
    const secret = makeTestSecret();
    const marker = `marker-${randomBytes(6).toString('hex')}`;
    expect(await gw.chat('known', `${marker} key ${secret}`)).toBe(200);
    await gw.close();
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'chat known');
    expect(root?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'known',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.provider.name': 'openai-compatible',
      'bulwark.decision.action': 'redact',
      'bulwark.findings.types': ['TEST_SECRET'],
    });
    const stages = spans
      .filter((s) => s.name.startsWith('bulwark.stage '))
      .map((s) => s.attributes['bulwark.stage']);
    expect(stages).toEqual(
      expect.arrayContaining(['authenticate', 'scanInput', 'decideInput', 'forward', 'restore']),
    );
    for (const s of spans)
      expect(s.parentSpanContext?.spanId ?? root?.spanContext().spanId).toBe(root?.spanContext().spanId);
    const dump = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(marker);
  });

  it('attaches the forwarded (redacted) messages only when captureContent is on', async () => {
    const exporter = new InMemorySpanExporter();
    const gw = await gatewayWith(yaml(), { exporter, captureContent: true });
    const secret = makeTestSecret();
    expect(await gw.chat('known', `hello key ${secret}`)).toBe(200);
    await gw.close();
    const root = exporter.getFinishedSpans().find((s) => s.name === 'chat known');
    const messages = String(root?.attributes['gen_ai.input.messages']);
    expect(messages).toContain('hello key');
    expect(messages).not.toContain(secret);
  });

  it('exports over OTLP/HTTP when configured, flushed on close', async () => {
    const posts: { path: string; type: string | undefined; bytes: number }[] = [];
    const collector = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        posts.push({ path: req.url ?? '', type: req.headers['content-type'], bytes });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const port = (collector.address() as AddressInfo).port;
    const gw = await gatewayWith(
      yaml(`monitoring: { tracing: { enabled: true, otlpUrl: 'http://127.0.0.1:${port}/v1/traces' } }\n`),
    );
    expect(await gw.chat('known', 'hello')).toBe(200);
    await gw.close();
    await new Promise((r) => collector.close(r));
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0]).toMatchObject({ path: '/v1/traces', type: 'application/json' });
    expect(posts[0]!.bytes).toBeGreaterThan(100);
  });
});
