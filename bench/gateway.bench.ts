/**
 * `npm run bench:gateway`: in one run, latency (p50/p99) and throughput at concurrency 1, 16, 64 of
 *   (a) a direct call to a local fake upstream,
 *   (b) Bulwark with no guardrails (same pipeline, no recognisers, no canary),
 *   (c) Bulwark with PII + secrets + injection recognisers on a 2 KB prompt (canary on),
 *   (d) a peer gateway, @portkey-ai/gateway, routed to the same fake upstream,
 * plus streaming time-to-first-token with output guardrails on. Ratios are printed against (a) and
 * (d) and written to reports/bench-gateway.json. Gateways run as child processes; the load
 * generator and the fake upstream share this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'undici';
import { startFakeUpstream } from '../src/testing/fake-upstream.js';

const ROOT = resolve(import.meta.dirname, '..');
const CONCURRENCY = [1, 16, 64];
const REQUESTS: Record<number, number> = { 1: 300, 16: 1000, 64: 2000 };
// Each measurement stops at its request count or after this long, whichever comes first.
const RUN_MS = 4_000;
// Targets are measured in interleaved rounds and the median round is reported, so load from other
// processes on a shared machine hits every target alike instead of whichever ran last.
const ROUNDS = 3;
const WARMUP = 50;

const PROMPT = (
  'Please summarise the following support ticket for the billing team. The customer, Maria Gonzalez, ' +
  'wrote in from maria.gonzalez@example.com and asked us to call her back on +1 415 555 0134. She says ' +
  'the March invoice was charged twice to the card ending 4242 and she wants one of the charges refunded. ' +
  'She also mentions that her colleague in accounting already opened a ticket last week without any ' +
  'answer, and she is frustrated because the company relies on our service for its monthly payroll. '
)
  .repeat(5)
  .slice(0, 2048);
const BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: PROMPT }] });
const ANSWER =
  'Customer reports a duplicate charge on the March invoice and asks for a refund of one charge. '.repeat(2);

interface Stats {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  /** Status and error code of the last failed request, for diagnosis. */
  lastError?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function load(
  url: string,
  path: string,
  headers: Record<string, string>,
  concurrency: number,
  total: number,
): Promise<Stats> {
  const origin = new URL(url).origin;
  const prefix = new URL(url).pathname.replace(/\/$/, '');
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const send = async (): Promise<number> => {
    const started = performance.now();
    const r = await pool.request({
      method: 'POST',
      path: prefix + path,
      headers: { 'content-type': 'application/json', ...headers },
      body: BODY,
    });
    const text = await r.body.text();
    if (r.statusCode !== 200)
      throw new Error(`${r.statusCode} ${/"code":"(\w+)"/.exec(text)?.[1] ?? ''}`.trim());
    return performance.now() - started;
  };
  let errors = 0;
  let lastError: string | undefined;
  const run = async (count: number, into?: number[]): Promise<void> => {
    let next = 0;
    const deadline = performance.now() + RUN_MS;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < count && performance.now() < deadline) {
          try {
            const ms = await send();
            into?.push(ms);
          } catch (error) {
            errors++;
            lastError = (error as Error).message;
          }
        }
      }),
    );
  };
  await run(Math.min(WARMUP, total));
  errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await run(total, latencies);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / seconds,
    errors,
    ...(lastError ? { lastError } : {}),
  };
}

/** Time to the first SSE frame and to the first content text, streaming, one request at a time. */
async function ttft(
  url: string,
  headers: Record<string, string>,
  prompt: string,
  runs = 60,
): Promise<{ firstByte: number; firstText: number }> {
  const origin = new URL(url).origin;
  const prefix = new URL(url).pathname.replace(/\/$/, '');
  const pool = new Pool(origin, { connections: 1 });
  const body = JSON.stringify({
    model: 'bench-model',
    stream: true,
    messages: [{ role: 'user', content: prompt }],
  });
  const bytes: number[] = [];
  const texts: number[] = [];
  for (let i = 0; i < runs + 10; i++) {
    const started = performance.now();
    const r = await pool.request({
      method: 'POST',
      path: prefix + '/chat/completions',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    let firstByte: number | undefined;
    let firstText: number | undefined;
    for await (const chunk of r.body) {
      firstByte ??= performance.now() - started;
      if (firstText === undefined && /"content":"[^"]/.test(String(chunk)))
        firstText = performance.now() - started;
    }
    if (i >= 10) {
      bytes.push(firstByte ?? NaN);
      texts.push(firstText ?? NaN);
    }
  }
  await pool.close();
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  return { firstByte: median(bytes), firstText: median(texts) };
}

function startChild(
  command: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = ready.exec(out);
      if (m?.[1]) ok({ child, url: m[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${args[0]} exited (${code}): ${out.slice(-500)}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, 3000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** The round with the median throughput (its latencies come from the same round). */
function medianRound(stats: Stats[]): Stats {
  const sorted = [...stats].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

async function main(): Promise<void> {
  const upstream = await startFakeUpstream('openai', () => ({ chunks: ANSWER.match(/.{1,12}/gs) ?? [] }));
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  const config = (canary: boolean) => `server: { logLevel: warn }
dataDir: ${join(dir, 'data')}
upstreams:
  fake: { kind: openai-compatible, baseUrl: '${upstream.url}', allowPrivateNetwork: true, retries: { max: 0 } }
models:
  '*': { upstream: fake }
policy:
  canary: ${canary}
  input:
    categories: { contact: tokenize, person: tokenize, location: tokenize, financial: tokenize, national_id: tokenize, secret: redact, credential: redact, injection: block }
    default: allow
  output:
    categories: { secret: block, credential: block }
`;
  writeFileSync(join(dir, 'none.yaml'), config(false));
  writeFileSync(join(dir, 'full.yaml'), config(true));
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const targets: {
    key: string;
    label: string;
    start: () => Promise<{ child?: ChildProcess; url: string; headers: Record<string, string> }>;
  }[] = [
    {
      key: 'direct',
      label: '(a) direct to fake upstream',
      start: async () => ({ url: upstream.url, headers: {} }),
    },
    {
      key: 'bulwark-none',
      label: '(b) Bulwark, no guardrails',
      start: async () => {
        const { child, url } = await startChild(
          tsx,
          [join(ROOT, 'bench/gateway-server.ts'), join(dir, 'none.yaml'), 'none'],
          /READY (http:\/\/\S+)/,
        );
        return { child, url: `${url}/v1`, headers: {} };
      },
    },
    {
      key: 'bulwark-full',
      label: '(c) Bulwark, PII+secrets+injection',
      start: async () => {
        const { child, url } = await startChild(
          tsx,
          [join(ROOT, 'bench/gateway-server.ts'), join(dir, 'full.yaml'), 'full'],
          /READY (http:\/\/\S+)/,
        );
        return { child, url: `${url}/v1`, headers: {} };
      },
    },
    {
      key: 'portkey',
      label: '(d) @portkey-ai/gateway',
      start: async () => {
        const port = 20_000 + Math.floor(Math.random() * 20_000);
        const { child } = await startChild(
          process.execPath,
          [
            join(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
            `--port=${port}`,
            '--headless',
          ],
          /(Ready for connections)/,
          { NODE_ENV: 'production' },
        ).then((r) => ({ child: r.child }));
        return {
          child,
          url: `http://127.0.0.1:${port}/v1`,
          headers: {
            'x-portkey-provider': 'openai',
            'x-portkey-custom-host': upstream.url,
            authorization: 'Bearer bench',
          },
        };
      },
    },
  ];

  const results: Record<
    string,
    {
      label: string;
      byConcurrency: Record<number, Stats>;
      ttft?: { firstByte: number; firstText: number };
      ttftShortPrompt?: { firstByte: number; firstText: number };
    }
  > = {};
  const running: {
    key: string;
    label: string;
    child?: ChildProcess;
    url: string;
    headers: Record<string, string>;
  }[] = [];
  try {
    for (const target of targets)
      running.push({ key: target.key, label: target.label, ...(await target.start()) });
    const rounds: Record<string, Record<number, Stats[]>> = {};
    for (const c of CONCURRENCY) {
      for (let round = 0; round < ROUNDS; round++) {
        // Rotate the order each round so no target always runs first or last.
        for (let i = 0; i < running.length; i++) {
          const t = running[(i + round) % running.length]!;
          const stats = await load(t.url, '/chat/completions', t.headers, c, REQUESTS[c]!);
          ((rounds[t.key] ??= {})[c] ??= []).push(stats);
          console.error(
            `${t.label} c=${c} round ${round + 1}: p50 ${fmt(stats.p50)} ms, ${fmt(stats.rps, 0)} req/s${stats.errors ? `, ${stats.errors} errors (last: ${stats.lastError})` : ''}`,
          );
        }
      }
    }
    for (const t of running) {
      const byConcurrency: Record<number, Stats> = {};
      for (const c of CONCURRENCY) byConcurrency[c] = medianRound(rounds[t.key]![c]!);
      results[t.key] = { label: t.label, byConcurrency };
    }
    for (const key of ['direct', 'bulwark-full']) {
      const t = running.find((r) => r.key === key)!;
      results[key]!.ttft = await ttft(t.url, t.headers, PROMPT);
      results[key]!.ttftShortPrompt = await ttft(t.url, t.headers, 'hi');
    }
  } finally {
    for (const t of running) if (t.child) await stop(t.child);
  }
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });

  const direct = results.direct!;
  const peer = results.portkey!;
  const rows: string[] = [];
  rows.push(
    'target                               c   p50 ms  p99 ms   req/s  +p50 vs (a)  req/s vs (d)  errors',
  );
  for (const r of Object.values(results)) {
    for (const c of CONCURRENCY) {
      const s = r.byConcurrency[c]!;
      const added = s.p50 - direct.byConcurrency[c]!.p50;
      const vsPeer = s.rps / peer.byConcurrency[c]!.rps;
      rows.push(
        `${r.label.padEnd(36)} ${String(c).padStart(2)} ${fmt(s.p50).padStart(7)} ${fmt(s.p99).padStart(7)} ${fmt(s.rps, 0).padStart(7)} ${fmt(added, 2).padStart(12)} ${fmt(vsPeer, 2).padStart(13)} ${String(s.errors).padStart(7)}`,
      );
    }
  }
  const added = (key: string, c: number) =>
    results[key]!.byConcurrency[c]!.p50 - direct.byConcurrency[c]!.p50;
  const t = results['bulwark-full']!.ttft!;
  const td = direct.ttft!;
  const summary = {
    addedP50_fullVsPeer_c1: { bulwarkFull: added('bulwark-full', 1), portkey: added('portkey', 1) },
    throughputRatio_fullVsPeer_c64:
      results['bulwark-full']!.byConcurrency[64]!.rps / peer.byConcurrency[64]!.rps,
    addedTtftFirstByteMs: t.firstByte - td.firstByte,
    addedTtftFirstTextMs: t.firstText - td.firstText,
    // With a 2-character prompt the input scan is negligible: what remains is pipeline + output guard.
    addedTtftShortPromptFirstTextMs:
      results['bulwark-full']!.ttftShortPrompt!.firstText - direct.ttftShortPrompt!.firstText,
  };
  rows.push('');
  rows.push(
    `added p50 at c=1: Bulwark full ${fmt(summary.addedP50_fullVsPeer_c1.bulwarkFull, 2)} ms vs Portkey (no guardrails) ${fmt(summary.addedP50_fullVsPeer_c1.portkey, 2)} ms`,
  );
  rows.push(`throughput at c=64, Bulwark full / Portkey: ${fmt(summary.throughputRatio_fullVsPeer_c64, 2)}x`);
  rows.push(
    `streaming, output guardrails on: added time to first frame ${fmt(summary.addedTtftFirstByteMs, 2)} ms, to first text ${fmt(summary.addedTtftFirstTextMs, 2)} ms with the 2 KB prompt (includes its input scan)`,
  );
  rows.push(
    `streaming with a 2-character prompt (pipeline + output guard only): added time to first text ${fmt(summary.addedTtftShortPromptFirstTextMs, 2)} ms`,
  );
  console.log(rows.join('\n'));
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(
    join(ROOT, 'reports/bench-gateway.json'),
    JSON.stringify(
      { date: new Date().toISOString(), node: process.version, promptBytes: PROMPT.length, results, summary },
      null,
      2,
    ) + '\n',
  );
}

await main();
