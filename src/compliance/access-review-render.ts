import { stringify } from 'csv-stringify/sync';
import type { AccessReviewReport, ReviewEntry } from './access-review-types.js';
import { toCell } from './csv-cells.js';
import { esc, page, pill, table } from './html.js';
import { DECISION_COLUMNS, ENTRY_COLUMNS, entryCells } from './review-digest.js';

/** The first line of an access-review CSV: what `review sign` needs to find and check the report. */
export function csvHeaderLine(r: AccessReviewReport): string {
  return `# ${r.format} report=${r.reportId} generated=${r.generatedAt} since=${r.period.since} until=${r.period.until} digest=${r.digest}`;
}

const decisionCells = (e: ReviewEntry): string[] => [
  e.decision ?? '',
  e.downgradeTo?.roles?.join(' ') ?? '',
  e.downgradeTo?.clearance ?? '',
  e.note ?? '',
];

/** One row per entry, with empty decision columns for the reviewer to fill in (a spreadsheet works). */
export function accessReviewCsv(r: AccessReviewReport): string {
  const rows = r.entries.map((e) => [...entryCells(e), ...decisionCells(e)].map(toCell));
  return `${csvHeaderLine(r)}\n${stringify([[...ENTRY_COLUMNS, ...DECISION_COLUMNS], ...rows])}`;
}

const day = (iso: string | undefined) => (iso === undefined ? '—' : iso.slice(0, 10));
const flags = (e: ReviewEntry) => ({
  html: e.flags.length === 0 ? '' : e.flags.map((f) => pill(f, 'flag').html).join(' '),
});

/** A self-contained HTML access review (no script; every value escaped). */
export function accessReviewHtml(r: AccessReviewReport): string {
  const s = r.summary;
  const cards = [
    ['principals holding access', s.entries],
    ['flagged', s.flagged],
    ...Object.entries(s.byFlag).map(([f, n]) => [f, n] as const),
  ]
    .map(([label, n]) => `<div class="card"><b>${esc(n)}</b>${esc(label)}</div>`)
    .join('');
  const entries = table(
    [
      'entry',
      'name',
      'tenant',
      'roles',
      'clearance',
      'status',
      'age (days)',
      'last used',
      'MFA last used',
      'requests (restricted)',
      'flags',
      'last review',
    ],
    r.entries.map((e) => [
      { html: `<code>${esc(e.ref)}</code>` },
      e.name,
      e.tenant,
      e.roles.join(', '),
      e.clearance,
      e.status,
      e.ageDays,
      day(e.lastUsedAt),
      e.mfa === undefined ? 'n/a' : e.mfa.enrolled ? day(e.mfa.lastUsedAt) : 'not enrolled',
      `${e.requests} (${e.restrictedRequests})`,
      flags(e),
      e.lastReview ? `${e.lastReview.decision} by ${e.lastReview.reviewer}, ${day(e.lastReview.at)}` : '',
    ]),
  );
  const usage = table(
    ['principal', 'tenant', 'role', 'requests', 'restricted', 'peers', 'peer median', 'threshold', 'outlier'],
    r.usage.map((u) => [
      u.principal,
      u.tenant,
      u.role,
      u.requests,
      u.restricted,
      u.peers,
      u.peerMedian,
      u.threshold ?? 'too few peers',
      u.outlier ? pill('outlier', 'flag') : '',
    ]),
  );
  const changes = table(
    ['time', 'action', 'by', 'entry', 'detail', 'escalation'],
    r.roleChanges.map((c) => [
      c.at,
      c.action,
      c.actor ?? '',
      c.ref,
      c.detail,
      c.escalation ? pill('escalation', 'flag') : '',
    ]),
  );
  const decisions = table(
    ['time', 'reviewer', 'decision', 'entry'],
    r.reviewDecisions.map((d) => [d.at, d.reviewer, d.decision, d.ref]),
  );
  const previous = r.previousReview
    ? `<p>Previous review signed by ${esc(r.previousReview.reviewer)} at ${esc(r.previousReview.at)} (report <code>${esc(r.previousReview.reportId)}</code>).</p>`
    : '<p class="muted">No review was signed in this period.</p>';
  return page(
    'Bulwark access review',
    `<h1>Bulwark access review</h1>
<p>Period ${esc(r.period.since)} – ${esc(r.period.until)}${r.tenant ? `, tenant ${esc(r.tenant)}` : ''}. Report <code>${esc(r.reportId)}</code>, digest <code>${esc(r.digest)}</code>.</p>
<p class="muted">Keys unused for ${esc(r.thresholds.unusedKeyDays)} days and older than ${esc(r.thresholds.keyRotationDays)} days are flagged; API keys appear by public id only.</p>
<div class="cards">${cards}</div>
<h2>Principals holding access</h2>${entries}
<h2>Restricted-data use against peers</h2>${usage}
<h2>Role changes and grants in the period</h2>${changes}
<h2>What earlier reviews changed</h2>${previous}${decisions}
<p class="muted">To record decisions, fill in <code>decision</code> (keep, revoke, downgrade) in the JSON or CSV form of this report and run <code>bulwark review sign --report FILE --reviewer NAME</code>.</p>`,
  );
}
