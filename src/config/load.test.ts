import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG_YAML, parseConfig } from './index.js';

const minimal = `upstreams:
  main:
    kind: openai-compatible
    baseUrl: \${BASE}
    apiKey: \${KEY}
models:
  gpt: { upstream: main, model: gpt-4o-mini }
`;

function issuesOf(text: string, env: Record<string, string> = {}): ConfigError['issues'] {
  try {
    parseConfig(text, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('interpolates the environment and fills safe defaults', () => {
    const key = 'k-' + Math.random().toString(36).slice(2);
    const config = parseConfig(minimal, { env: { BASE: 'https://api.example.com/v1', KEY: key } });
    expect(config.upstreams.main?.apiKey).toBe(key);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.server.port).toBe(8080);
    expect(config.policy.failOpen).toBe(false);
    expect(Object.isFrozen(config.upstreams.main)).toBe(true);
  });

  it('names the variable, not a value, when the environment lacks one', () => {
    const issues = issuesOf(minimal, { BASE: 'https://api.example.com/v1' });
    expect(issues).toEqual([
      { path: 'upstreams.main.apiKey', line: 5, message: 'environment variable KEY is not set' },
    ]);
  });

  it('reports the path, line and expectation of a wrong type without echoing the value', () => {
    const secret = 'hunter' + Math.random().toString(36).slice(2);
    const text = minimal.replace('models:', `server:\n  port: ${JSON.stringify(secret)}\nmodels:`);
    const issues = issuesOf(text, { BASE: 'https://a.example/v1', KEY: 'x' });
    expect(issues[0]?.path).toBe('server.port');
    expect(issues[0]?.line).toBe(7);
    expect(issues[0]?.message).toMatch(/expected number/);
    expect(JSON.stringify(issues)).not.toContain(secret);
  });

  it('rejects unknown keys and dangling upstream references', () => {
    const text = minimal
      .replace('model: gpt-4o-mini', 'model: gpt-4o-mini, upstrem: x')
      .replace('upstream: main', 'upstream: nope');
    const issues = issuesOf(text, { BASE: 'https://a.example/v1', KEY: 'x' });
    expect(issues.map((i) => i.message).join(' ')).toMatch(/unknown key\(s\): upstrem/);
    const dangling = issuesOf(minimal.replace('upstream: main', 'upstream: nope'), {
      BASE: 'https://a.example/v1',
      KEY: 'x',
    });
    expect(dangling[0]).toMatchObject({ path: 'models.gpt.upstream', line: 7 });
  });

  it('reports YAML syntax errors with a line', () => {
    const issues = issuesOf('server:\n  port: [1,\n', {});
    expect(issues[0]?.line).toBeGreaterThan(0);
    expect(issues[0]?.message).toMatch(/YAML syntax/);
  });

  it('does not let an environment value inject YAML structure', () => {
    const config = parseConfig(minimal, {
      env: { BASE: 'https://a.example/v1', KEY: 'x\nserver:\n  host: 0.0.0.0' },
    });
    expect(config.server.host).toBe('127.0.0.1');
  });

  it('accepts the default config with and without OPENAI_* set', () => {
    const local = parseConfig(DEFAULT_CONFIG_YAML, { env: {} });
    expect(local.upstreams.default?.baseUrl).toBe('https://api.openai.com/v1');
    expect(local.upstreams.default?.apiKey).toBe('');
    const ollama = parseConfig(DEFAULT_CONFIG_YAML, {
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' },
    });
    expect(ollama.upstreams.default?.baseUrl).toBe('http://127.0.0.1:11434/v1');
    expect(local.policy.input.categories.injection).toBe('block');
    expect(local.policy.output.categories.secret).toBe('block');
  });

  it('route overrides leave unset fields unset so they inherit', () => {
    const text = minimal + 'policy:\n  routes:\n    - models: [gpt]\n      input: { default: block }\n';
    const config = parseConfig(text, { env: { BASE: 'https://a.example/v1', KEY: 'x' } });
    expect(config.policy.routes[0]?.input).toEqual({ default: 'block' });
  });
});
