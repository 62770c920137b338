import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, type BulwarkConfig } from '../../config/index.js';
import { lineDiff } from './line-diff.js';
import { applyPolicy, readPolicySource, validatePolicy } from './policy-edit.js';

const FILE = [
  '# gateway config',
  'upstreams:',
  '  main: { kind: openai-compatible, baseUrl: "https://example.com/v1", apiKey: "${UPSTREAM_KEY}" }',
  'models:',
  '  m: { upstream: main }',
  'policy:',
  '  # strict for injections',
  '  input:',
  '    categories: { injection: block }',
  'audit: { checkpointEvery: 10 }',
  '',
].join('\n');
const env = { UPSTREAM_KEY: 'sk-test-not-real' };
let dir: string;
let file: string;
let config: BulwarkConfig;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-policy-'));
  file = join(dir, 'bulwark.yaml');
  writeFileSync(file, FILE);
  config = loadConfig(file, { env });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const target = () => ({ configFile: file, config: () => config, env });

describe('policy source and validation', () => {
  it('shows only the policy section, comments kept, never the rest of the file', () => {
    const source = readPolicySource(target());
    expect(source.text).toBe('# strict for injections\ninput:\n  categories: { injection: block }\n');
    expect(source).toMatchObject({ editable: true, file: 'bulwark.yaml' });
    expect(source.version).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(source)).not.toContain('UPSTREAM_KEY');
  });

  it('names the path, the line in the edited text and what was expected, never the value', () => {
    const checked = validatePolicy(
      target(),
      'input:\n  default: explode-now\n  minScore: 2\ncanary: yes-please\n',
    );
    expect(checked.valid).toBe(false);
    expect(checked.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'policy.input.default',
          line: 2,
          message: expect.stringMatching(/expected one of/),
        }),
        expect.objectContaining({
          path: 'policy.input.minScore',
          line: 3,
          message: expect.stringMatching(/<=1|too big/i),
        }),
        expect.objectContaining({ path: 'policy.canary', line: 4 }),
      ]),
    );
    expect(JSON.stringify(checked.issues)).not.toMatch(/explode-now|yes-please/);
  });

  it('reports YAML syntax errors and unknown keys with their line', () => {
    expect(validatePolicy(target(), 'input: [unclosed\n').issues[0]).toMatchObject({
      path: 'policy',
      line: expect.any(Number),
      message: expect.stringMatching(/^YAML syntax/),
    });
    expect(validatePolicy(target(), 'input:\n  defualt: block\n').issues[0]).toMatchObject({
      path: 'policy.input',
      line: 2,
      message: 'unknown key(s): defualt',
    });
    expect(validatePolicy(target(), '- a\n').issues[0]?.message).toBe('expected a mapping of policy keys');
  });

  it('accepts an empty section (defaults) and validates against the running config without a file', () => {
    expect(validatePolicy(target(), '').valid).toBe(true);
    const bare = { config: () => config, configFile: undefined, env };
    expect(readPolicySource(bare)).toMatchObject({ editable: false });
    expect(validatePolicy(bare, 'input: { default: block }\n')).toMatchObject({ valid: true });
    expect(validatePolicy(bare, 'input: { default: nope }\n').issues[0]).toMatchObject({
      path: 'policy.input.default',
      line: 1,
    });
  });
});

describe('applying a policy', () => {
  it('writes the file atomically, keeps the rest of it, and reloads', async () => {
    let reloads = 0;
    const { version } = readPolicySource(target());
    const text = 'input:\n  categories: { injection: block }\n  default: block\n';
    const done = await applyPolicy(
      {
        ...target(),
        reload: async () => {
          config = loadConfig(file, { env });
          reloads++;
        },
      },
      text,
      version,
    );
    expect(reloads).toBe(1);
    expect(config.policy.input.default).toBe('block');
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('# gateway config');
    expect(written).toContain('${UPSTREAM_KEY}');
    expect(written).toContain('audit: { checkpointEvery: 10 }');
    expect(parseConfig(written, { env }).policy.input.default).toBe('block');
    expect(done.source.version).not.toBe(version);
    expect(readdirSync(dir)).toEqual(['bulwark.yaml']); // no temp file left behind
  });

  it('refuses a stale version, an invalid policy and a gateway without a file; restores on a failed reload', async () => {
    const reload = async () => undefined;
    const { version } = readPolicySource(target());
    await expect(applyPolicy({ ...target(), reload }, '', '0'.repeat(16))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      applyPolicy({ ...target(), reload }, 'input: { default: x }', version),
    ).rejects.toMatchObject({
      code: 'POLICY_INVALID',
      details: { issues: [expect.objectContaining({ path: 'policy.input.default' })] },
    });
    await expect(
      applyPolicy({ config: () => config, configFile: undefined }, '', version),
    ).rejects.toMatchObject({
      code: 'POLICY_READ_ONLY',
    });
    await expect(
      applyPolicy({ ...target(), reload: () => Promise.reject(new Error('boom')) }, '', version),
    ).rejects.toMatchObject({ code: 'POLICY_INVALID' });
    expect(readFileSync(file, 'utf8')).toBe(FILE);
  });
});

describe('line diff', () => {
  it('keeps common lines and marks additions and removals', () => {
    expect(lineDiff('a\nb\nc\n', 'a\nc\nd\n')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: ' ', text: 'c' },
      { op: '+', text: 'd' },
    ]);
    expect(lineDiff('', 'x')).toEqual([{ op: '+', text: 'x' }]);
  });
});
