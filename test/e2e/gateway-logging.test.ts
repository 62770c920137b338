import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/gateway/logging.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';
import { makeTestSecret } from '../../src/testing/test-recognizers.js';

const lines: string[] = [];
const sink = { write: (line: string) => void lines.push(line) };
let fail = false;
let upstream: FakeUpstream;
let gateway: TestGateway;
let client: OpenAI;
const clientKey = 'client-' + randomBytes(12).toString('hex');

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => (fail ? { status: 500 } : { content: 'fine' }));
  gateway = await createTestGateway({
    upstreams: { main: { url: upstream.url, retries: 0 } },
    extraYaml: 'server: { logLevel: trace }\n',
    logStream: sink,
  });
  client = new OpenAI({ baseURL: `${await gateway.listen()}/v1`, apiKey: clientKey, maxRetries: 0 });
});
afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

describe('logging', () => {
  it('never writes keys, message contents or detected values, even at trace level and on errors', async () => {
    const secret = makeTestSecret();
    const email = `zed.${randomBytes(4).toString('hex')}@example.com`;
    const content = `mail ${email} the key ${secret}`;
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] });
    fail = true;
    await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content }] })
      .catch(() => undefined);
    const log = lines.join('');
    expect(log).toContain('request failed');
    expect(log).toContain('"reqId"');
    for (const leaked of [clientKey, secret, email, 'upstream-test-key', 'mail '])
      expect(log).not.toContain(leaked);
  });

  it('redacts credentials and contents by field name when an object is logged', () => {
    const out: string[] = [];
    const logger = pino(loggerOptions('info'), { write: (l: string) => void out.push(l) });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc123', cookie: 'sid=1' } },
        body: { messages: [{ content: 'hush' }] },
        apiKey: 'k9',
      },
      'x',
    );
    expect(out.join('')).not.toMatch(/abc123|sid=1|hush|k9/);
    expect(out.join('')).toContain('[redacted]');
  });
});
