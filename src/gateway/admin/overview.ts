import type { AuditRecord } from '../../audit/index.js';

/** The Overview page's windows: how far back, and how wide each chart bucket is. */
export const OVERVIEW_RANGES = {
  '1h': { spanMs: 3_600_000, bucketMs: 300_000 },
  '24h': { spanMs: 86_400_000, bucketMs: 3_600_000 },
  '7d': { spanMs: 7 * 86_400_000, bucketMs: 6 * 3_600_000 },
  '30d': { spanMs: 30 * 86_400_000, bucketMs: 86_400_000 },
} as const;
export type OverviewRange = keyof typeof OVERVIEW_RANGES;

/** Finding types charted by name; the rest are summed as OTHER so the legend stays readable. */
const TOP_TYPES = 6;
const TOP_PRINCIPALS = 8;

export interface OverviewBucket {
  start: string;
  requests: number;
  blocks: number;
  /** Redacted or tokenised before forwarding. */
  transformed: number;
  findings: Record<string, number>;
  /** Gateway-added latency percentiles in ms (absent when the bucket had no request). */
  addedMs?: { p50: number; p95: number; p99: number };
}

export interface Overview {
  range: OverviewRange;
  from: string;
  to: string;
  totals: { requests: number; blocks: number; transformed: number; findings: number };
  addedMs?: { p50: number; p95: number; p99: number };
  buckets: OverviewBucket[];
  findingTypes: string[];
  topByVolume: { principal: string; requests: number }[];
  topByBlocks: { principal: string; blocks: number }[];
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = values.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
  };
}

function top<K extends string>(counts: Map<string, number>, key: K, n: number) {
  return [...counts]
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([principal, c]) => ({ principal, [key]: c }) as { principal: string } & Record<K, number>);
}

/**
 * Folds request records into the Overview's series. Pure: the route feeds it records from the
 * audit log (newest first or not, any order), so it is tested without a store.
 */
export function createOverview(range: OverviewRange, now: number) {
  const { spanMs, bucketMs } = OVERVIEW_RANGES[range];
  // Buckets aligned to the bucket width, so refreshing does not shift every bar.
  const end = Math.ceil(now / bucketMs) * bucketMs;
  const start = end - spanMs;
  const count = Math.round(spanMs / bucketMs);
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: new Date(start + i * bucketMs).toISOString(),
    requests: 0,
    blocks: 0,
    transformed: 0,
    findings: new Map<string, number>(),
    added: [] as number[],
  }));
  const byVolume = new Map<string, number>();
  const byBlocks = new Map<string, number>();
  const typeTotals = new Map<string, number>();
  const allAdded: number[] = [];

  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    add(record: AuditRecord): void {
      if (record.kind !== 'request') return;
      const t = Date.parse(record.time);
      if (!(t >= start && t < end)) return;
      const b = buckets[Math.floor((t - start) / bucketMs)]!;
      b.requests++;
      const action = record.decision?.action;
      // Refused before authentication (bad or suspended key): no principal to attribute.
      const principal = record.principal ?? '(unauthenticated)';
      byVolume.set(principal, (byVolume.get(principal) ?? 0) + 1);
      if (action === 'block') {
        b.blocks++;
        byBlocks.set(principal, (byBlocks.get(principal) ?? 0) + 1);
      } else if (action === 'redact' || action === 'tokenize') b.transformed++;
      for (const [type, n] of Object.entries(record.findings ?? {})) {
        b.findings.set(type, (b.findings.get(type) ?? 0) + n);
        typeTotals.set(type, (typeTotals.get(type) ?? 0) + n);
      }
      if (record.latencyMs !== undefined) {
        const added = Math.max(0, record.latencyMs - (record.upstreamMs ?? 0));
        b.added.push(added);
        allAdded.push(added);
      }
    },
    result(): Overview {
      const ranked = [...typeTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const named = ranked.slice(0, TOP_TYPES).map(([t]) => t);
      const other = ranked.length > TOP_TYPES;
      const findingTypes = other ? [...named, 'OTHER'] : named;
      const out = buckets.map((b): OverviewBucket => {
        const findings: Record<string, number> = {};
        for (const [type, n] of b.findings) {
          const key = named.includes(type) ? type : 'OTHER';
          findings[key] = (findings[key] ?? 0) + n;
        }
        return {
          start: b.start,
          requests: b.requests,
          blocks: b.blocks,
          transformed: b.transformed,
          findings,
          ...(b.added.length > 0 ? { addedMs: percentiles(b.added) } : {}),
        };
      });
      const sum = (k: 'requests' | 'blocks' | 'transformed') => out.reduce((s, b) => s + b[k], 0);
      return {
        range,
        from: new Date(start).toISOString(),
        to: new Date(end).toISOString(),
        totals: {
          requests: sum('requests'),
          blocks: sum('blocks'),
          transformed: sum('transformed'),
          findings: [...typeTotals.values()].reduce((s, n) => s + n, 0),
        },
        ...(allAdded.length > 0 ? { addedMs: percentiles(allAdded) } : {}),
        buckets: out,
        findingTypes,
        topByVolume: top(byVolume, 'requests', TOP_PRINCIPALS),
        topByBlocks: top(byBlocks, 'blocks', TOP_PRINCIPALS),
      };
    },
  };
}
