import { useState } from 'react';
import { api } from '../api.ts';
import { Lines, PALETTE, RankedBars, StackedBars } from '../charts.tsx';
import { Badge, ErrorText, PageTitle, formatTime, useLoad } from '../ui.tsx';

interface Bucket {
  start: string;
  requests: number;
  blocks: number;
  transformed: number;
  findings: Record<string, number>;
  addedMs?: { p50: number; p95: number; p99: number };
}
interface Overview {
  range: string;
  totals: { requests: number; blocks: number; transformed: number; findings: number };
  addedMs?: { p50: number; p95: number; p99: number };
  buckets: Bucket[];
  findingTypes: string[];
  topByVolume: { principal: string; requests: number }[];
  topByBlocks: { principal: string; blocks: number }[];
  openAlerts?: {
    count: number;
    latest: { id: string; severity: string; detector: string; summary: string; lastSeen: string }[];
  };
  scanned: number;
  truncated: boolean;
}

const RANGES = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const;

function label(iso: string, range: string): string {
  const d = new Date(iso);
  if (range === '1h' || range === '24h') return d.toISOString().slice(11, 16);
  return d.toISOString().slice(5, 10) + (range === '7d' ? ' ' + d.toISOString().slice(11, 13) + 'h' : '');
}

export function OverviewPage() {
  const [range, setRange] = useState('24h');
  const { data, error, loading, reload } = useLoad(
    () => api<Overview>('GET', `/overview?range=${range}`),
    [range],
  );
  const labels = data?.buckets.map((b) => label(b.start, data.range)) ?? [];
  const pct = (n: number, d: number) => (d === 0 ? '0%' : `${((100 * n) / d).toFixed(1)}%`);
  return (
    <section aria-labelledby="page-title">
      <PageTitle
        actions={
          <>
            <label className="inline">
              Window
              <select value={range} onChange={(e) => setRange(e.target.value)}>
                {RANGES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="secondary" onClick={reload} disabled={loading}>
              Refresh
            </button>
          </>
        }
      >
        Overview
      </PageTitle>
      <ErrorText message={error} />
      {data && (
        <>
          <ul className="tiles" aria-label="Totals">
            <li>
              <span className="tile-value">{data.totals.requests}</span>
              <span className="tile-label">requests</span>
            </li>
            <li>
              <span className="tile-value">{data.totals.blocks}</span>
              <span className="tile-label">blocked ({pct(data.totals.blocks, data.totals.requests)})</span>
            </li>
            <li>
              <span className="tile-value">{data.totals.transformed}</span>
              <span className="tile-label">redacted or tokenised</span>
            </li>
            <li>
              <span className="tile-value">{data.totals.findings}</span>
              <span className="tile-label">findings</span>
            </li>
            <li>
              <span className="tile-value">{data.addedMs ? `${data.addedMs.p95} ms` : '—'}</span>
              <span className="tile-label">added latency p95</span>
            </li>
            <li className={data.openAlerts?.count ? 'tile-alert' : ''}>
              <span className="tile-value">{data.openAlerts?.count ?? '—'}</span>
              <span className="tile-label">open alerts</span>
            </li>
          </ul>
          {data.truncated && (
            <p className="warning">
              Only the newest {data.scanned} records in this window were counted; narrow the window for exact
              figures.
            </p>
          )}
          <div className="grid-2">
            <StackedBars
              title="Requests by outcome"
              summary={`${data.totals.requests} requests, ${data.totals.blocks} blocked, ${data.totals.transformed} redacted or tokenised.`}
              labels={labels}
              series={[
                {
                  name: 'Forwarded as sent',
                  color: PALETTE[0]!,
                  values: data.buckets.map((b) => b.requests - b.blocks - b.transformed),
                },
                {
                  name: 'Redacted / tokenised',
                  color: PALETTE[2]!,
                  values: data.buckets.map((b) => b.transformed),
                },
                { name: 'Blocked', color: PALETTE[1]!, values: data.buckets.map((b) => b.blocks) },
              ]}
            />
            <StackedBars
              title="Findings by type"
              summary={
                data.findingTypes.length === 0
                  ? 'No findings in this window.'
                  : `${data.totals.findings} findings: ${data.findingTypes.join(', ')}.`
              }
              labels={labels}
              series={data.findingTypes.map((t, i) => ({
                name: t,
                color: PALETTE[i % PALETTE.length]!,
                values: data.buckets.map((b) => b.findings[t] ?? 0),
              }))}
            />
            <Lines
              title="Latency the gateway adds"
              summary={
                data.addedMs
                  ? `Over the window: p50 ${data.addedMs.p50} ms, p95 ${data.addedMs.p95} ms, p99 ${data.addedMs.p99} ms.`
                  : 'No requests in this window.'
              }
              labels={labels}
              unit="ms"
              series={(['p50', 'p95', 'p99'] as const).map((p, i) => ({
                name: p,
                color: [PALETTE[0]!, PALETTE[4]!, PALETTE[1]!][i]!,
                values: data.buckets.map((b) => b.addedMs?.[p] ?? null),
              }))}
            />
            <section className="panel" aria-labelledby="alerts-h">
              <h2 id="alerts-h">Open alerts</h2>
              {!data.openAlerts ? (
                <p className="muted">Your role cannot see alerts.</p>
              ) : data.openAlerts.count === 0 ? (
                <p className="muted">No open alerts.</p>
              ) : (
                <ul className="plain">
                  {data.openAlerts.latest.map((a) => (
                    <li key={a.id}>
                      <Badge tone={a.severity}>{a.severity}</Badge> <a href="#/alerts">{a.summary}</a>{' '}
                      <span className="muted">
                        {a.detector} · {formatTime(a.lastSeen)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <RankedBars
              title="Top principals by requests"
              color={PALETTE[0]!}
              empty="No requests in this window."
              rows={data.topByVolume.map((r) => ({ label: r.principal, value: r.requests }))}
            />
            <RankedBars
              title="Top principals by blocked requests"
              color={PALETTE[1]!}
              empty="Nothing was blocked in this window."
              rows={data.topByBlocks.map((r) => ({ label: r.principal, value: r.blocks }))}
            />
          </div>
        </>
      )}
    </section>
  );
}
