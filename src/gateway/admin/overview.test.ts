import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../audit/index.js';
import { createOverview, percentile } from './overview.js';

const NOW = Date.UTC(2026, 0, 2, 12, 30);
const rec = (minutesAgo: number, extra: Partial<AuditRecord>): AuditRecord => ({
  v: 1,
  id: String(minutesAgo),
  time: new Date(NOW - minutesAgo * 60_000).toISOString(),
  kind: 'request',
  ...extra,
});

describe('overview statistics', () => {
  it('buckets requests, blocks and findings, and ranks principals by volume and by blocks', () => {
    const o = createOverview('24h', NOW);
    o.add(
      rec(5, { principal: 'app:a', findings: { EMAIL: 2 }, decision: { action: 'redact', reasons: [] } }),
    );
    o.add(rec(6, { principal: 'app:a', decision: { action: 'allow', reasons: [] } }));
    o.add(
      rec(65, {
        principal: 'app:b',
        findings: { PROMPT_INJECTION: 1 },
        decision: { action: 'block', reasons: [] },
      }),
    );
    o.add(rec(60 * 30, { principal: 'app:old' })); // outside the window
    o.add(rec(1, { kind: 'admin', principal: 'user:x' })); // not a model request
    const r = o.result();
    expect(r.buckets).toHaveLength(24);
    expect(r.totals).toEqual({ requests: 3, blocks: 1, transformed: 1, findings: 3 });
    expect(r.buckets.at(-1)).toMatchObject({ requests: 2, transformed: 1, findings: { EMAIL: 2 } });
    expect(r.findingTypes.sort()).toEqual(['EMAIL', 'PROMPT_INJECTION']);
    expect(r.topByVolume).toEqual([
      { principal: 'app:a', requests: 2 },
      { principal: 'app:b', requests: 1 },
    ]);
    expect(r.topByBlocks).toEqual([{ principal: 'app:b', blocks: 1 }]);
  });

  it('charts the latency the gateway adds (total minus upstream wait) as percentiles', () => {
    const o = createOverview('1h', NOW);
    for (let i = 1; i <= 100; i++) o.add(rec(1, { latencyMs: 1000 + i, upstreamMs: 1000 }));
    expect(o.result().addedMs).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(percentile([], 50)).toBe(0);
  });

  it('folds finding types beyond the top six into OTHER', () => {
    const o = createOverview('1h', NOW);
    const types = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    types.forEach((t, i) => o.add(rec(2, { findings: { [t]: 10 - i } })));
    const r = o.result();
    expect(r.findingTypes).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'OTHER']);
    expect(r.buckets.at(-1)?.findings.OTHER).toBe(4 + 3); // G and H
  });
});
