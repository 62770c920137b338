import { LEVELS } from '../../core/index.js';
import type { ScanReport } from './scan-files.js';

const LEVEL_COLORS = {
  public: '#4caf50',
  internal: '#2196f3',
  confidential: '#ff9800',
  restricted: '#e53935',
} as const;

/** A self-contained HTML report (inline CSS and SVG, no script). Values appear only masked. */
export function renderScanHtml(report: ScanReport): string {
  const types = Object.entries(report.byType).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...types.map(([, n]) => n));
  const barHeight = 22;
  const bars = types
    .map(([type, n], i) => {
      const width = Math.round((n / max) * 420);
      const y = i * barHeight;
      return `<text x="0" y="${y + 15}" class="label">${esc(type)}</text><rect x="190" y="${y + 3}" width="${width}" height="16" rx="3"/><text x="${196 + width}" y="${y + 16}">${n}</text>`;
    })
    .join('');
  const levelRows = LEVELS.map(
    (l) =>
      `<tr><td><span class="dot" style="background:${LEVEL_COLORS[l]}"></span>${l}</td><td>${report.byLevel[l]}</td></tr>`,
  ).join('');
  const affected = report.affected
    .map(
      (r) =>
        `<tr><td>${esc(r.file)}:${r.position}</td><td>${r.level}</td><td>${r.findings
          .map((f) => `<code>${esc(f.field)}</code> ${esc(f.type)} <code>${esc(f.masked)}</code>`)
          .join('<br>')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bulwark dataset scan</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#1d2330;max-width:1100px}
h1{font-size:1.4rem}table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #dde;padding:.3rem .8rem;text-align:left;vertical-align:top}
svg rect{fill:#3f51b5}svg text{font-size:12px;fill:#1d2330}.dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;margin-right:.4rem}
.summary span{display:inline-block;margin-right:2rem}code{background:#f3f4f8;padding:0 .2rem}
</style></head><body>
<h1>Dataset scan</h1>
<p class="summary"><span><b>${report.records}</b> records</span><span><b>${report.recordsWithFindings}</b> with findings</span><span>highest level <b>${report.maxLevel}</b></span><span>${(report.bytes / 1e6).toFixed(1)} MB in ${(report.durationMs / 1000).toFixed(1)} s</span><span>${report.issueCounts.skippedRecords} malformed records skipped</span>${report.issueCounts.incompleteFiles > 0 ? `<span><b>${report.issueCounts.incompleteFiles}</b> file(s) not read to the end</span>` : ''}</p>
<h2>Findings by type</h2>
<svg width="700" height="${Math.max(1, types.length) * barHeight}" role="img" aria-label="Findings by type">${bars}</svg>
<h2>Records by level</h2><table>${levelRows}</table>
<h2>Affected records${report.affected.length < report.recordsWithFindings ? ` (first ${report.affected.length})` : ''}</h2>
<table><tr><th>record</th><th>level</th><th>findings (values masked)</th></tr>${affected}</table>
<h2>Files</h2><ul>${report.files.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>
</body></html>
`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
