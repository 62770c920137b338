// Charts drawn as plain SVG: three small chart types do not justify a charting library (size, a
// canvas the CSP and screen readers cannot see into). Colours come from attributes, never inline
// styles, and every chart has a text summary plus a data table for keyboard and screen-reader users.

/** Colour-blind-safe palette (Okabe–Ito), darkened where needed for 3:1 contrast on white. */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#6b6b6b'];

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const W = 640;
const H = 200;
const PAD = { left: 44, right: 8, top: 8, bottom: 24 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function short(n: number): string {
  return n >= 1e6 ? `${+(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : `${+n.toFixed(1)}`;
}

function Axes({ max, labels, unit }: { max: number; labels: string[]; unit?: string }) {
  const ticks = [0, 0.5, 1].map((f) => f * max);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return (
    <g className="axes" aria-hidden="true">
      {ticks.map((t) => {
        const y = PAD.top + innerH - (t / max) * innerH;
        return (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="grid" />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">
              {short(t)}
              {unit ?? ''}
            </text>
          </g>
        );
      })}
      {labels.map((l, i) =>
        i % every === 0 ? (
          <text key={i} x={PAD.left + (i + 0.5) * (innerW / labels.length)} y={H - 6} textAnchor="middle">
            {l}
          </text>
        ) : null,
      )}
    </g>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.name}>
          <svg width="12" height="12">
            <rect width="12" height="12" rx="2" fill={s.color} />
          </svg>
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function DataTable({ labels, series, unit }: { labels: string[]; series: Series[]; unit?: string }) {
  return (
    <details className="data-table">
      <summary>Show data as a table</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {series.map((s) => (
              <th scope="col" key={s.name}>
                {s.name}
                {unit ? ` (${unit})` : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l}</th>
              {series.map((s) => (
                <td key={s.name}>{s.values[i] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Stacked bars per time bucket (requests by outcome, findings by type). */
export function StackedBars(props: { title: string; summary: string; labels: string[]; series: Series[] }) {
  const { labels, series } = props;
  const totals = labels.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, labels.length);
  const barW = Math.max(2, slot * 0.7);
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title}. ${props.summary}`}>
        <Axes max={max} labels={labels} />
        {labels.map((l, i) => {
          let y = PAD.top + innerH;
          return (
            <g key={i}>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                const h = (v / max) * innerH;
                y -= h;
                return v > 0 ? (
                  <rect
                    key={s.name}
                    x={PAD.left + i * slot + (slot - barW) / 2}
                    y={y}
                    width={barW}
                    height={h}
                    fill={s.color}
                  >
                    <title>{`${l} · ${s.name}: ${v}`}</title>
                  </rect>
                ) : null;
              })}
            </g>
          );
        })}
      </svg>
      <Legend series={series} />
      <p className="sr-summary">{props.summary}</p>
      <DataTable labels={labels} series={series} />
    </figure>
  );
}

/** Lines over time (latency percentiles); gaps where a bucket had no data. */
export function Lines(props: {
  title: string;
  summary: string;
  labels: string[];
  series: (Omit<Series, 'values'> & { values: (number | null)[] })[];
  unit: string;
}) {
  const { labels, series } = props;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (i + 0.5) * (innerW / Math.max(1, labels.length));
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title}. ${props.summary}`}>
        <Axes max={max} labels={labels} unit={props.unit} />
        {series.map((s) => {
          const d = s.values
            .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
            .reduce<string[]>((acc, p, i, arr) => {
              if (p !== null) acc.push(`${i === 0 || arr[i - 1] === null ? 'M' : 'L'}${p}`);
              return acc;
            }, [])
            .join(' ');
          return (
            <g key={s.name}>
              <path d={d} fill="none" stroke={s.color} strokeWidth={2} />
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={s.color}>
                    <title>{`${labels[i]} · ${s.name}: ${v} ${props.unit}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <Legend series={series.map((s) => ({ ...s, values: [] }))} />
      <p className="sr-summary">{props.summary}</p>
      <DataTable
        labels={labels}
        series={series.map((s) => ({ ...s, values: s.values.map((v) => v ?? 0) }))}
        unit={props.unit}
      />
    </figure>
  );
}

/** A ranked list with proportional bars (top principals). */
export function RankedBars(props: {
  title: string;
  rows: { label: string; value: number }[];
  color: string;
  empty: string;
}) {
  const max = Math.max(1, ...props.rows.map((r) => r.value));
  return (
    <figure className="chart ranked">
      <figcaption>{props.title}</figcaption>
      {props.rows.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <ol>
          {props.rows.map((r) => (
            <li key={r.label}>
              <span className="ranked-label" title={r.label}>
                {r.label}
              </span>
              <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect width={(r.value / max) * 100} height={10} rx={1.5} fill={props.color} />
              </svg>
              <span className="ranked-value">{r.value}</span>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}
