import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway/server.js';
import { startFakeUpstream, type FakeUpstream } from '../../src/testing/fake-upstream.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-detect-config-'));
let upstream: FakeUpstream;
let gw: RunningGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream('openai', () => ({ content: 'noted' }));
  writeFileSync(
    join(dir, 'bulwark.yaml'),
    `upstreams:
  main: { kind: openai-compatible, baseUrl: '${upstream.url}', allowPrivateNetwork: true }
models:
  m: { upstream: main }
detect:
  disabled: [ner.tagger]
  custom:
    - id: custom.employee-id
      type: EMPLOYEE_ID
      category: national_id
      pattern: 'EMP-\\d{6}'
policy:
  canary: false
  classification:
    types: { EMAIL: restricted }
  input:
    categories: { national_id: tokenize }
    levels: { restricted: block }
    default: allow
`,
  );
  gw = await startGateway({
    configFile: join(dir, 'bulwark.yaml'),
    port: 0,
    dataDir: join(dir, 'data'),
    logger: false,
  });
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

const chat = (content: string) =>
  fetch(`${gw.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }),
  });

describe('the detect section and classification overrides in the gateway', () => {
  it('tokenises a custom pattern before the provider sees it', async () => {
    const res = await chat('Please update the record of EMP-004211 today.');
    expect(res.status).toBe(200);
    const sent = JSON.stringify(upstream.requests.at(-1)?.body);
    expect(sent).not.toContain('EMP-004211');
    expect(sent).toMatch(/\[EMPLOYEE_ID_\d+\]/);
  });

  it('blocks what the policy classifies above the recognisers’ default level', async () => {
    const before = upstream.requests.length;
    const res = await chat('Write to dana.k@example.com about it.');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SENSITIVE_INPUT_BLOCKED');
    expect(upstream.requests.length).toBe(before);
  });
});
