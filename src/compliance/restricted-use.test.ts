import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, periodStart } from './duration.js';
import { maskName } from './mask.js';
import { restrictedOutliers } from './restricted-use.js';

const usage = (principal: string, restricted: number, role = 'app', tenant = 'acme') => ({
  tenant,
  principal,
  role,
  requests: 100,
  restricted,
});

describe('restricted-data outliers', () => {
  it('flags one principal far above its peers and no one with too few peers', () => {
    const result = restrictedOutliers([usage('a', 0), usage('b', 2), usage('c', 1), usage('d', 30)], 10);
    expect(result.map((u) => [u.principal, u.outlier])).toEqual([
      ['a', false],
      ['b', false],
      ['c', false],
      ['d', true],
    ]);
    expect(restrictedOutliers([usage('a', 0), usage('d', 300)], 10).some((u) => u.outlier)).toBe(false);
  });

  it('never flags below the minimum, compares within a tenant, and prefers same-role peers', () => {
    expect(
      restrictedOutliers([usage('a', 0), usage('b', 0), usage('c', 0), usage('d', 9)], 10)[3]!.outlier,
    ).toBe(false);
    const mixed = restrictedOutliers(
      [
        usage('a', 50, 'analyst'),
        usage('b', 60, 'analyst'),
        usage('c', 55, 'analyst'),
        usage('d', 58, 'analyst'),
        usage('x', 0),
        usage('y', 0),
        usage('z', 0),
        usage('w', 0, 'app', 'globex'),
      ],
      10,
    );
    expect(mixed.filter((u) => u.outlier)).toEqual([]); // analysts are compared with analysts
    expect(mixed.find((u) => u.principal === 'w')?.peers).toBe(0);
  });

  it('never flags anyone when everybody does the same (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 20 }), (n, k) => {
        const all = Array.from({ length: k }, (_, i) => usage(`p${i}`, n));
        return restrictedOutliers(all, 1).every((u) => !u.outlier);
      }),
    );
  });
});

describe('periods and names', () => {
  const now = new Date('2026-06-30T00:00:00.000Z');
  it('reads durations and dates, naming the flag when one is wrong', () => {
    expect(periodStart('90d', now)).toBe('2026-04-01T00:00:00.000Z');
    expect(periodStart('12h', now)).toBe('2026-06-29T12:00:00.000Z');
    expect(periodStart('2026-01-01', now)).toBe('2026-01-01T00:00:00.000Z');
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    for (const bad of ['90', 'd', '0d', '-5d', '9999999d', '2027-01-01', 'soon'])
      expect(() => periodStart(bad, now), bad).toThrow(/--since must be/);
  });

  it('masks e-mail addresses in display names', () => {
    expect(maskName('ana.lopez@example.com')).toBe('a***@example.com');
    expect(maskName('ops bot (ops@corp.example.org)')).toBe('ops bot (o***@corp.example.org)');
    expect(maskName('billing')).toBe('billing');
  });
});
