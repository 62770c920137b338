import { createHash } from 'node:crypto';

/** Escapes text for HTML element content and double-quoted attributes. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.muted{color:#666}code{font-size:.85rem}
.pill{display:inline-block;border-radius:3px;padding:0 6px;font-size:.8rem;font-weight:600;white-space:nowrap}
.met{background:#e3f4e4;color:#1b5e20}.partial{background:#fff4d6;color:#8a5a00}
.not-met{background:#fde2e1;color:#b71c1c}.flag{background:#fde2e1;color:#b71c1c;margin:1px}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:4px;padding:.5rem 1rem}
.card b{display:block;font-size:1.4rem}ul.evidence{margin:0;padding-left:1.1rem}`;

// The policy allows this stylesheet by hash and nothing else: no script, no external fetch.
const CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; img-src data:`;

/** A self-contained page: one hashed stylesheet, no script, everything escaped by the callers. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${CSS}</style></head><body>
${body}
</body></html>
`;
}

/** A table of escaped cells; a cell given as `{ html }` is trusted markup built by the caller. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number | { html: string })[])[],
): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const cell = (c: string | number | { html: string }) => (typeof c === 'object' ? c.html : esc(c));
  return `<table><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

/** A status or flag badge. */
export const pill = (text: string, cls: string): { html: string } => ({
  html: `<span class="pill ${esc(cls)}">${esc(text)}</span>`,
});
