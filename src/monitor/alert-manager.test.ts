import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryStorage } from '../storage/index.js';
import { createAlertManager } from './alert-manager.js';
import type { Signal } from './types.js';
import { signWebhook } from './webhook.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}
const received: Received[] = [];
const plan: Record<string, number[]> = {};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = plan[req.url ?? '']?.shift() ?? 200;
      if (status === 0) return; // hang: the sender's timeout must fire
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const signal = (id = 'alice', severity: Signal['severity'] = 'high'): Signal => ({
  detector: 'injection-repeat',
  severity,
  subject: { kind: 'principal', id },
  score: 10,
  summary: '5 blocked injection attempts in 600s',
  evidence: { attempts: 5, windowSeconds: 600 },
  at: Date.now(),
});

describe('createAlertManager', () => {
  it('stores one alert per incident and signs the JSON webhook', async () => {
    const secret = randomBytes(24).toString('hex');
    const store = openMemoryStorage().alerts;
    const m = createAlertManager({
      store,
      webhooks: [
        { url: `${base}/json`, format: 'json', secret, timeoutMs: 1000, retries: 0, minSeverity: 'medium' },
      ],
    });
    const first = await m.raise(signal());
    expect(first.outcome).toBe('created');
    await first.delivered;
    const second = await m.raise(signal());
    expect(second.outcome).toBe('deduplicated');
    expect(second.alert?.count).toBe(2);
    expect(await store.list()).toHaveLength(1);
    const hits = received.filter((r) => r.path === '/json');
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    const expected = signWebhook(secret, String(hit.headers['x-bulwark-timestamp']), hit.body);
    expect(
      timingSafeEqual(Buffer.from(String(hit.headers['x-bulwark-signature'])), Buffer.from(expected)),
    ).toBe(true);
    expect(JSON.parse(hit.body)).toMatchObject({
      type: 'bulwark.alert',
      alert: { detector: 'injection-repeat' },
    });
    expect(hit.body).not.toContain(secret);
  });

  it('retries 5xx and timeouts, gives up on 4xx, and sends Slack format', async () => {
    plan['/flaky'] = [503, 0, 200];
    plan['/refuse'] = [400, 200];
    const m = createAlertManager({
      store: openMemoryStorage().alerts,
      backoffMs: 5,
      webhooks: [
        { url: `${base}/flaky`, format: 'slack', timeoutMs: 300, retries: 3, minSeverity: 'low' },
        { url: `${base}/refuse`, format: 'json', timeoutMs: 300, retries: 3, minSeverity: 'low' },
      ],
    });
    const r = await m.raise(signal('bob'));
    const [flaky, refuse] = await r.delivered;
    expect(flaky).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(refuse).toMatchObject({ ok: false, attempts: 1, status: 400 });
    const slack = JSON.parse(received.filter((x) => x.path === '/flaky').at(-1)!.body) as { text: string };
    expect(slack.text).toContain('[HIGH] injection-repeat');
  });

  it('skips webhooks below their minimum severity and rate-limits alert storms', async () => {
    const before = received.length;
    const m = createAlertManager({
      store: openMemoryStorage().alerts,
      maxPerHour: 3,
      webhooks: [
        { url: `${base}/high-only`, format: 'json', timeoutMs: 300, retries: 0, minSeverity: 'critical' },
      ],
    });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await m.raise(signal(`p${i}`))).outcome);
    expect(outcomes).toEqual(['created', 'created', 'created', 'rate-limited', 'rate-limited']);
    expect(received.length).toBe(before);
  });
});
