import { SEVERITIES } from '../types.js';
import type { RunDiff } from './diff.js';
import type { RunReport } from './summary.js';
import { xmlEscape as esc } from './xml.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Horizontal bars of attack success rate per category, as inline SVG. */
function asrChart(report: RunReport): string {
  const rows = report.summary.byCategory;
  const rowH = 26;
  const labelW = 210;
  const barW = 360;
  const bars = rows
    .map((c, i) => {
      const y = i * rowH + 4;
      const w = Math.max(1, c.asr * barW);
      const color = c.asr === 0 ? '#2e7d32' : c.asr < 0.25 ? '#f9a825' : '#c62828';
      return [
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(c.category)}</text>`,
        `<rect x="${labelW}" y="${y}" width="${barW}" height="18" fill="#eee"/>`,
        `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${color}"/>`,
        `<text x="${labelW + barW + 8}" y="${y + 15}">${pct(c.asr)} (${c.successes}/${c.attempts - c.errors})</text>`,
      ].join('');
    })
    .join('');
  const height = rows.length * rowH + 8;
  return `<svg role="img" aria-label="Attack success rate by category" width="${labelW + barW + 120}" height="${height}" font-size="13" font-family="sans-serif">${bars}</svg>`;
}

/** Vertical bars: successful attacks per severity. */
function severityChart(report: RunReport): string {
  const counts = SEVERITIES.map((s) => report.summary.bySeverity[s]);
  const max = Math.max(1, ...counts);
  const colors = ['#90a4ae', '#f9a825', '#ef6c00', '#b71c1c'];
  const bars = SEVERITIES.map((s, i) => {
    const h = (counts[i]! / max) * 100;
    const x = 20 + i * 70;
    return `<rect x="${x}" y="${120 - h}" width="44" height="${h}" fill="${colors[i]}"/><text x="${x + 22}" y="${115 - h}" text-anchor="middle">${counts[i]}</text><text x="${x + 22}" y="138" text-anchor="middle">${s}</text>`;
  }).join('');
  return `<svg role="img" aria-label="Successful attacks by severity" width="310" height="145" font-size="12" font-family="sans-serif">${bars}</svg>`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.charts{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
details{border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.4rem .8rem}
summary{cursor:pointer}.sev-critical,.sev-high{color:#b71c1c}.sev-medium{color:#ef6c00}
pre{white-space:pre-wrap;word-break:break-word;background:#f6f6f6;padding:.6rem;max-height:24rem;overflow:auto}
.muted{color:#666}`;

/** A self-contained HTML report: summary, charts, diff, and every failing transcript (already masked). */
export function toHtml(report: RunReport, diff?: RunDiff): string {
  const s = report.summary;
  const table = [
    '<table><tr><th>category</th><th>attempts</th><th>succeeded</th><th>ASR</th><th>refused</th><th>errors</th></tr>',
    ...s.byCategory.map(
      (c) =>
        `<tr><td>${esc(c.category)}</td><td>${c.attempts}</td><td>${c.successes}</td><td>${pct(c.asr)}</td><td>${c.refusals}</td><td>${c.errors}</td></tr>`,
    ),
    `<tr><th>total</th><th>${s.attempts}</th><th>${s.successes}</th><th>${pct(s.asr)}</th><th></th><th>${s.errors}</th></tr></table>`,
  ].join('');
  const diffHtml = diff
    ? `<h2>Against the baseline</h2><p>ASR ${pct(diff.asrBefore)} → ${pct(diff.asrAfter)}; ${diff.newFailures.length} new failures, ${diff.fixed.length} fixed.</p><table><tr><th>category</th><th>before</th><th>after</th><th>change</th></tr>${diff.categories
        .map(
          (c) =>
            `<tr><td>${esc(c.category)}</td><td>${pct(c.before)}</td><td>${pct(c.after)}</td><td>${(c.change * 100).toFixed(1)} pts</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const failing = report.attempts.filter((a) => a.status === 'fail');
  const transcripts = failing
    .map((a) => {
      const why = a.grades
        .filter((g) => g.hit)
        .map((g) => `${esc(g.grader)}: ${esc(g.reason)}`)
        .join('<br>');
      return `<details><summary><span class="sev-${a.severity}">[${a.severity}]</span> ${esc(a.id)} <span class="muted">(${esc(a.category)}, strategy ${esc(a.strategy)})</span></summary><p>${why}</p><h4>Attack</h4><pre>${esc(a.prompt)}</pre><h4>Reply</h4><pre>${esc(a.reply)}</pre></details>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bulwark red-team report: ${esc(report.target.model)}</title>
<style>${CSS}</style></head><body>
<h1>Bulwark red-team report</h1>
<p>Target <code>${esc(report.target.url)}</code>, model <code>${esc(report.target.model)}</code>, seed <code>${esc(report.seed)}</code>.
${report.startedAt} – ${report.finishedAt}. Strategies: ${report.strategies.map(esc).join(', ')}.</p>
<p><strong>${s.successes}</strong> of ${s.attempts - s.errors} attacks succeeded (ASR ${pct(s.asr)}); ${s.errors} errors.
Planted personal data, secrets and PII found by the engine are masked in transcripts.</p>
${report.controls ? `<p>Benign controls: ${report.controls.attempts} sent, ${report.controls.blocked} blocked, ${report.controls.refused} refused (over-refusal ${pct(report.controls.overRefusal)}).</p>` : ''}
<div class="charts"><div><h2>Attack success rate by category</h2>${asrChart(report)}</div><div><h2>Successful attacks by severity</h2>${severityChart(report)}</div></div>
<h2>Summary</h2>${table}
${diffHtml}
<h2>Failing transcripts (${failing.length})</h2>
${transcripts || '<p>None.</p>'}
</body></html>
`;
}
