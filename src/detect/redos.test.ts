import { describe, expect, it } from 'vitest';
import { checkRegexSafety } from './redos.js';
import { builtinRecognizers } from './registry.js';

describe('ReDoS audit', () => {
  it('rejects exponential and unbounded polynomial patterns, accepts linear and bounded ones', () => {
    expect(checkRegexSafety(/^(a+)+$/).safe).toBe(false);
    expect(checkRegexSafety(/\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/i).safe).toBe(false);
    expect(
      checkRegexSafety(/[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}/i).safe,
    ).toBe(true);
    expect(checkRegexSafety(/\b\d{3}-\d{2}-\d{4}\b/).status).toBe('safe');
  });

  it('finds every built-in recogniser pattern safe', () => {
    const unsafe = builtinRecognizers.flatMap((d) =>
      (d.patterns ?? [])
        .filter((p) => !checkRegexSafety(p).safe)
        .map((p) => `${d.id}: /${p.source.slice(0, 60)}/ ${checkRegexSafety(p).status}`),
    );
    expect(unsafe).toEqual([]);
  }, 600_000);
});
