import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/index.js';
import type { AccessReviewReport, ReviewEntry } from './access-review-types.js';

/** The columns of an access-review CSV that the reviewer must not change (they are digested). */
export const ENTRY_COLUMNS = [
  'ref',
  'kind',
  'tenant',
  'principal',
  'name',
  'roles',
  'clearance',
  'scopes',
  'status',
  'created_at',
  'age_days',
  'last_used_at',
  'mfa_enrolled',
  'mfa_last_used_at',
  'requests',
  'restricted_requests',
  'flags',
  'last_review',
] as const;

/** The columns the reviewer fills in. */
export const DECISION_COLUMNS = ['decision', 'downgrade_roles', 'downgrade_clearance', 'note'] as const;

const scopes = (s: ReviewEntry['scopes']): string =>
  [s.models ? `models=${s.models.join(' ')}` : '', s.routes ? `routes=${s.routes.join(' ')}` : '']
    .filter(Boolean)
    .join('; ') || 'any';

/** An entry as the strings of its CSV cells; JSON and CSV reports digest the same strings. */
export function entryCells(e: ReviewEntry): string[] {
  return [
    e.ref,
    e.kind,
    e.tenant,
    e.principal,
    e.name,
    e.roles.join(' '),
    e.clearance,
    scopes(e.scopes),
    e.status,
    e.createdAt,
    String(e.ageDays),
    e.lastUsedAt ?? '',
    e.mfa === undefined ? '' : String(e.mfa.enrolled),
    e.mfa?.lastUsedAt ?? '',
    String(e.requests),
    String(e.restrictedRequests),
    e.flags.join(' '),
    e.lastReview ? `${e.lastReview.decision} by ${e.lastReview.reviewer} at ${e.lastReview.at}` : '',
  ];
}

/** What identifies a report: its id, time and period. */
export type ReportHeader = Pick<AccessReviewReport, 'reportId' | 'generatedAt' | 'period'>;

/** SHA-256 over the header and every entry's cells (decisions excluded), `sha256:<hex>`. */
export function digestRows(header: ReportHeader, rows: readonly (readonly string[])[]): string {
  const body = canonicalJson({
    reportId: header.reportId,
    generatedAt: header.generatedAt,
    period: header.period,
    rows,
  });
  return 'sha256:' + createHash('sha256').update(body).digest('hex');
}

/** The audit target that records a report's generation: id and digest, so sign can prove both. */
export const reportTarget = (reportId: string, digest: string): string => `${reportId} ${digest}`;
