import { describe, expect, it } from 'vitest';
import { PLACEHOLDER as ENV_PLACEHOLDER } from '../config/interpolate.js';
import { checkRegexSafety } from '../detect/redos.js';
import { PLACEHOLDER } from './guard/token-vault.js';

describe('gateway and config patterns', () => {
  it('are free of catastrophic backtracking', () => {
    for (const pattern of [PLACEHOLDER, ENV_PLACEHOLDER])
      expect(checkRegexSafety(pattern).safe, pattern.source).toBe(true);
  });
});
