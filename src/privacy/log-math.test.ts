import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logAdd, logErfc, logSub } from './log-math.js';

// Reference values of erfc (Abramowitz & Stegun tables / arbitrary-precision evaluation).
const ERFC = [
  [0, 1],
  [0.3, 0.671373240540873],
  [1, 0.157299207050285],
  [3, 2.209049699858544e-5],
  [-1, 1.842700792949715],
  [10, 2.088487583762545e-45],
] as const;

describe('log-space math', () => {
  it.each(ERFC)('logErfc(%d) matches erfc to 1e-12 relative', (x, erfc) => {
    expect(Math.abs(Math.exp(logErfc(x)) - erfc) / erfc).toBeLessThan(1e-12);
  });

  it('stays finite deep in the tail where erfc underflows', () => {
    expect(logErfc(40)).toBeCloseTo(-1600 - Math.log(40 * Math.sqrt(Math.PI)), 3);
  });

  it('adds and subtracts in log space', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        (a, b) => {
          const sum = logAdd(a, b);
          expect(sum).toBeCloseTo(Math.log(Math.exp(a) + Math.exp(b)), 9);
          // Recovering a from log(e^a + e^b) is well-conditioned only while a is not far below b.
          if (a > b - 5) expect(logSub(sum, b)).toBeCloseTo(a, 6);
        },
      ),
    );
    expect(() => logSub(0, 1)).toThrow(RangeError);
  });
});
