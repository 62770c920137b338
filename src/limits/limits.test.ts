import { describe, expect, it } from 'vitest';
import { createLimits } from './limits.js';
import { completionTokensOf, countPromptTokens } from './tokens.js';

const prefix = () => `t${Math.random().toString(36).slice(2)}`;

async function refusal(p: Promise<unknown>): Promise<{ code: string; headers: Record<string, string> }> {
  try {
    await p;
  } catch (error) {
    return error as { code: string; headers: Record<string, string> };
  }
  throw new Error('expected a refusal');
}

describe('limits (memory)', () => {
  it('admits exactly the window’s requests per subject, then 429 with Retry-After and x-ratelimit-*', async () => {
    const limits = createLimits({
      rules: [{ scope: 'key', requests: 3, windowSeconds: 60 }],
      keyPrefix: prefix(),
    });
    for (let i = 0; i < 3; i++) await limits.admit({ key: 'a' }, 10);
    const e = await refusal(limits.admit({ key: 'a' }, 10));
    expect(e.code).toBe('RATE_LIMITED');
    expect(Number(e.headers['retry-after'])).toBeGreaterThan(50);
    expect(e.headers).toMatchObject({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '0',
    });
    await limits.admit({ key: 'b' }, 10); // another key has its own window
    await limits.admit({ tenant: 'x' }, 10); // a scope without a subject is not limited
  });

  it('counts prompt tokens before and completion tokens after', async () => {
    const limits = createLimits({
      rules: [{ scope: 'tenant', tokens: 100, windowSeconds: 60 }],
      keyPrefix: prefix(),
    });
    const a = await limits.admit({ tenant: 't' }, 40);
    await a.charge(50); // 90 used
    expect((await refusal(limits.admit({ tenant: 't' }, 20))).code).toBe('TOKEN_LIMITED');
    const e = await refusal(limits.admit({ tenant: 'u' }, 101));
    expect(e).toMatchObject({ code: 'TOKEN_LIMITED', headers: { 'x-ratelimit-limit-tokens': '100' } });
  });

  it('bounds concurrent requests and frees the slot on release', async () => {
    const limits = createLimits({
      rules: [{ scope: 'user', concurrent: 2, windowSeconds: 1 }],
      keyPrefix: prefix(),
    });
    const one = await limits.admit({ user: 'u' }, 1);
    await limits.admit({ user: 'u' }, 1);
    expect((await refusal(limits.admit({ user: 'u' }, 1))).code).toBe('CONCURRENCY_LIMITED');
    await one.release();
    await one.release(); // idempotent: a double release must not open an extra slot
    await limits.admit({ user: 'u' }, 1);
    expect((await refusal(limits.admit({ user: 'u' }, 1))).code).toBe('CONCURRENCY_LIMITED');
  });

  it('refunds earlier counters when a later one refuses', async () => {
    const limits = createLimits({
      rules: [
        { scope: 'key', requests: 2, windowSeconds: 60 },
        { scope: 'tenant', requests: 1, windowSeconds: 60 },
      ],
      keyPrefix: prefix(),
    });
    await limits.admit({ key: 'k', tenant: 't1' }, 1);
    await refusal(limits.admit({ key: 'k', tenant: 't1' }, 1)); // the tenant refuses; the key is refunded
    await limits.admit({ key: 'k', tenant: 't2' }, 1);
    expect((await refusal(limits.admit({ key: 'k', tenant: 't3' }, 1))).code).toBe('RATE_LIMITED');
  });

  it('throttles (delays) instead of refusing where the rule asks for it', async () => {
    const limits = createLimits({
      rules: [{ scope: 'ip', requests: 1, windowSeconds: 1, onExceed: 'throttle', maxDelayMs: 2_000 }],
      keyPrefix: prefix(),
    });
    await limits.admit({ ip: '10.0.0.1' }, 1);
    const started = Date.now();
    await limits.admit({ ip: '10.0.0.1' }, 1);
    expect(Date.now() - started).toBeGreaterThan(300);
  });
});

describe('token counting', () => {
  it('counts with a BPE tokenizer: more text, more tokens; usage parsed for both wire formats', () => {
    const short = countPromptTokens(['hello']);
    const long = countPromptTokens(['hello '.repeat(200)]);
    expect(short).toBeGreaterThan(4);
    expect(long).toBeGreaterThan(190);
    expect(long).toBeLessThan(260);
    expect(completionTokensOf({ completion_tokens: 7 })).toBe(7);
    expect(completionTokensOf({ output_tokens: 9 })).toBe(9);
    expect(completionTokensOf({ completion_tokens: -1 })).toBe(0);
    expect(completionTokensOf('x')).toBe(0);
  });
});
