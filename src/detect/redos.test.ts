import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRegexSafety } from './redos.js';
import { declaredPatterns, patternKey } from './redos-audit.js';
import { builtinRecognizers } from './registry.js';

const recorded = JSON.parse(readFileSync(new URL('./redos-audit.json', import.meta.url), 'utf8')) as Record<
  string,
  { recognizer: string; status: string }
>;

describe('ReDoS audit', () => {
  it('rejects exponential and unbounded polynomial patterns, accepts linear and bounded ones', () => {
    expect(checkRegexSafety(/^(a+)+$/).safe).toBe(false);
    expect(checkRegexSafety(/\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/i).safe).toBe(false);
    expect(
      checkRegexSafety(/[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,24}/i).safe,
    ).toBe(true);
    expect(checkRegexSafety(/\b\d{3}-\d{2}-\d{4}\b/).status).toBe('safe');
  });

  // recheck takes 0.1–4 s a pattern; the verdicts of unchanged patterns are kept in
  // redos-audit.json (`npm run audit:redos`). A new or edited pattern is not in it and is checked here.
  it('finds every built-in pattern safe: new or changed ones checked now, the rest by the recorded audit', () => {
    const unsafe: string[] = [];
    for (const { id, pattern } of declaredPatterns(builtinRecognizers)) {
      if (recorded[patternKey(pattern)]) continue;
      const verdict = checkRegexSafety(pattern);
      if (!verdict.safe) unsafe.push(`${id}: /${pattern.source.slice(0, 60)}/ ${verdict.status}`);
    }
    expect(unsafe).toEqual([]);
  }, 600_000);

  it('agrees with the recorded audit on a rotating sample of recorded patterns', () => {
    const patterns = declaredPatterns(builtinRecognizers).filter(
      ({ pattern }) => recorded[patternKey(pattern)],
    );
    // A different slice each day, so over time every recorded verdict is re-derived.
    const day = Math.floor(Date.now() / 86_400_000);
    const sample = patterns.filter((_, i) => (i + day) % Math.max(1, Math.ceil(patterns.length / 12)) === 0);
    const disagree = sample
      .filter(({ pattern }) => !checkRegexSafety(pattern).safe)
      .map(({ id, pattern }) => `${id}: /${pattern.source.slice(0, 60)}/`);
    expect(sample.length).toBeGreaterThan(0);
    expect(disagree).toEqual([]);
  }, 600_000);
});
