import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { doConfigValidate } from '../../src/cli/config.js';
import { startGateway } from '../../src/gateway/server.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';
import { startGatewayProcess } from './helpers/gateway-process.js';
import { createTestScanner } from '../../src/testing/test-recognizers.js';

// No API keys are issued here, so the client sends none (the SDK would otherwise send its dummy key).
const NO_AUTH = { authorization: null };

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-gw-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function fake(content: string, chunkDelayMs = 0): Promise<FakeUpstream> {
  const u = await startFakeUpstream('openai', () => ({ chunks: content.split(/(?<= )/), chunkDelayMs }));
  cleanup.push(() => u.close());
  return u;
}

const configFor = (url: string, model: string) => `upstreams:
  main: { kind: openai-compatible, baseUrl: '${url}', allowPrivateNetwork: true }
models:
  ${model}: { upstream: main }
`;

describe('bulwark start and config validate', () => {
  it('writes a commented default config on first start and serves health', async () => {
    const dir = tempDir();
    const file = join(dir, 'bulwark.yaml');
    const gw = await startGateway({ configFile: file, port: 0, dataDir: join(dir, 'data'), logger: false });
    cleanup.push(() => gw.close());
    expect(gw.createdConfig).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/# Loopback only/);
    expect(existsSync(join(dir, 'data'))).toBe(true);
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('reloads the config without dropping an in-flight stream, and keeps it when the new file is bad', async () => {
    const dir = tempDir();
    const file = join(dir, 'bulwark.yaml');
    const slow = await fake('one two three four five six seven eight nine ten ', 40);
    writeFileSync(file, configFor(slow.url, 'alpha'));
    const gw = await startGateway({
      configFile: file,
      port: 0,
      dataDir: join(dir, 'data'),
      scanner: createTestScanner(),
      logger: false,
    });
    cleanup.push(() => gw.close());
    const client = new OpenAI({
      baseURL: `${gw.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: NO_AUTH,
    });
    const stream = await client.chat.completions.create({
      model: 'alpha',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    writeFileSync(file, configFor(slow.url, 'beta'));
    await gw.reload();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('one two three four five six seven eight nine ten ');
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(['beta']);
    writeFileSync(file, 'upstreams: [');
    await expect(gw.reload()).rejects.toThrow(/YAML syntax/);
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(['beta']);
  });

  it('validates a config file and names the line of a problem', () => {
    const dir = tempDir();
    const good = join(dir, 'good.yaml');
    writeFileSync(good, configFor('https://api.example.com/v1', 'm'));
    expect(doConfigValidate(good, {})).toEqual({
      ok: true,
      lines: [`${good}: valid (1 upstream(s), 1 model alias(es))`],
    });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, configFor('not a url', 'm'));
    const result = doConfigValidate(bad, {});
    expect(result.ok).toBe(false);
    expect(result.lines.join('\n')).toMatch(/upstreams\.main\.baseUrl \(line 2\)/);
    expect(doConfigValidate(join(dir, 'missing.yaml'), {}).lines[0]).toMatch(/ENOENT/);
    // A custom pattern that could backtrack catastrophically is refused at load, with its line.
    const hostile = join(dir, 'hostile.yaml');
    writeFileSync(
      hostile,
      configFor('https://api.example.com/v1', 'm') +
        "detect:\n  custom:\n    - id: custom.order\n      type: ORDER_ID\n      pattern: '(a+)+$'\n",
    );
    expect(doConfigValidate(hostile, {}).lines.join('\n')).toMatch(
      /detect\.custom\.0\.pattern \(line 9\): may backtrack catastrophically/,
    );
  });

  it('runs as a process: SIGTERM lets an in-flight request finish, then exits', async () => {
    const dir = tempDir();
    const file = join(dir, 'bulwark.yaml');
    const slow = await fake('alpha beta gamma delta ', 150);
    writeFileSync(file, configFor(slow.url, 'm') + 'policy: { canary: false }\n');
    const { child, url, stderr } = await startGatewayProcess(dir, file, join(dir, 'data'));
    cleanup.push(() => void child.kill('SIGKILL'));
    const client = new OpenAI({
      baseURL: `${url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: NO_AUTH,
    });
    const stream = await client.chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('alpha beta gamma delta ');
    expect(await exited).toBe(0);
    expect(stderr()).toMatch(/stopped/);
  });

  it('fronts a loopback upstream named by OPENAI_BASE_URL with the default config, and reloads on SIGHUP', async () => {
    const dir = tempDir();
    const file = join(dir, 'bulwark.yaml');
    const local = await fake('local model says hi');
    const upstreamKey = `sk-test-${process.pid}-${Date.now()}`;
    const { child, url, stderr } = await startGatewayProcess(dir, file, join(dir, 'data'), {
      OPENAI_BASE_URL: `${local.url}/v1`,
      OPENAI_API_KEY: upstreamKey,
    });
    cleanup.push(() => void child.kill('SIGKILL'));
    const client = new OpenAI({
      baseURL: `${url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: NO_AUTH,
    });
    const ask = (model: string) =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
    expect((await ask('llama3')).choices[0]?.message.content).toBe('local model says hi');
    expect(local.requests.at(-1)?.headers.authorization).toBe(`Bearer ${upstreamKey}`);
    expect(local.requests.at(-1)?.body.model).toBe('llama3');

    // An alias added to the file takes effect on SIGHUP, without a restart.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        "  '*': { upstream: default }",
        "  '*': { upstream: default }\n  fast: { upstream: default, model: llama3-8b }",
      ),
    );
    await expect(ask('fast')).resolves.toBeDefined(); // '*' forwards it unchanged before the reload
    expect(local.requests.at(-1)?.body.model).toBe('fast');
    child.kill('SIGHUP');
    await expect
      .poll(async () => (await ask('fast'), local.requests.at(-1)?.body.model), { timeout: 10_000 })
      .toBe('llama3-8b');
    expect(stderr()).not.toContain(upstreamKey);
  });
});
