import { createRequire } from 'node:module';
import type * as Recheck from 'recheck';

// recheck (Scala.js) costs ~30 MB per isolate to load; it is only needed when a pattern is checked
// (config load, tests), so dataset workers and the gateway's hot path never pay for it.
let checker: typeof Recheck.checkSync | undefined;
const checkSync: typeof Recheck.checkSync = (...args) => {
  checker ??= (createRequire(import.meta.url)('recheck') as typeof Recheck).checkSync;
  return checker(...args);
};

export interface RegexSafety {
  safe: boolean;
  /** 'safe', 'bounded' (polynomial only up to a fixed bound), 'vulnerable' or 'unknown'. */
  status: string;
  /** Complexity when vulnerable, e.g. 'exponential' or 'polynomial'. Never the attack string. */
  complexity?: string;
}

// An unbounded quantifier outside a character class: `+`, `*` or `{n,}`, not escaped.
const UNBOUNDED = /(?<!\\)[+*]|\{\d+,\}/;
const CHARACTER_CLASS = /\[(?:\\.|[^\]\\])*\]/g;

/**
 * Checks a regex for catastrophic backtracking (ReDoS) with recheck. Used by the tests on every
 * built-in pattern and by config loading on user-supplied patterns.
 *
 * Scanners run unanchored over long texts, so even quadratic backtracking is an outage: a polynomial
 * verdict is accepted only when every quantifier is bounded (`{1,64}`), which caps the work per start
 * position. Exponential and unknown are always unsafe.
 */
export function checkRegexSafety(pattern: RegExp | string, flags = ''): RegexSafety {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const allFlags = typeof pattern === 'string' ? flags : pattern.flags;
  const result = checkSync(source, allFlags.replace(/[gyd]/g, ''), { timeout: 10_000 });
  if (result.status === 'safe') return { safe: true, status: 'safe' };
  if (result.status === 'vulnerable') {
    const complexity = result.complexity.type;
    if (complexity === 'polynomial' && !UNBOUNDED.test(source.replace(CHARACTER_CLASS, ''))) {
      return { safe: true, status: 'bounded', complexity };
    }
    return { safe: false, status: 'vulnerable', complexity };
  }
  return { safe: false, status: result.status };
}
