import type { AuditLog } from '../audit/index.js';
import { assertRole, ROLE_PERMISSIONS, type Role } from '../auth/index.js';
import { BulwarkError, isBulwarkError, isLevel, levelRank, type Level } from '../core/index.js';
import type { Storage } from '../storage/index.js';
import type { ReviewDecision } from './access-review-types.js';
import { isAdminAction, scanAudit } from './audit-scan.js';
import { parseReviewReport, type ReviewRow } from './review-parse.js';
import { digestRows, reportTarget } from './review-digest.js';

export interface SignReviewOptions {
  storage: Pick<Storage, 'apiKeys' | 'users' | 'audit'>;
  audit: AuditLog;
  /** The filled-in report (JSON or CSV). */
  report: string;
  reviewer: string;
  now?: () => Date;
}

export interface AppliedDecision {
  ref: string;
  decision: ReviewDecision;
  outcome: 'applied' | 'skipped';
  reason?: string;
}

export interface SignReviewResult {
  reportId: string;
  reviewer: string;
  decisions: AppliedDecision[];
  /** Unflagged entries left without a decision: kept, without a record each. */
  implicitlyKept: number;
  signAuditId: string;
}

const REVIEWER = /^[\p{L}\p{N}][\p{L}\p{N} ._@'-]{0,127}$/u;
const invalid = (message: string) => new BulwarkError('REVIEW_REPORT_INVALID', { message });
const permissions = (roles: readonly string[]) =>
  new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r as Role] ?? []));

/** A downgrade may only take away: permissions a subset, clearance no higher, and something less. */
function checkDowngrade(row: ReviewRow): { roles: string[]; clearance: Level } {
  const to = row.downgradeTo;
  if (to === undefined) throw new Error('downgrade needs downgrade roles and/or clearance');
  const roles = to.roles ?? row.roles;
  for (const r of roles) assertRole(r);
  if (row.ref.startsWith('key:') && roles.length !== 1) throw new Error('an API key has exactly one role');
  const clearance = to.clearance ?? row.clearance;
  if (!isLevel(clearance) || !isLevel(row.clearance)) throw new Error('unknown clearance');
  const before = permissions(row.roles);
  const after = permissions(roles);
  const fewer = [...after].every((p) => before.has(p));
  const lower = levelRank(clearance) <= levelRank(row.clearance);
  if (!fewer || !lower || (after.size === before.size && clearance === row.clearance))
    throw new Error('not a downgrade: it must remove permissions or lower the clearance, and add neither');
  return { roles, clearance };
}

/** Refuses a report that is altered, unknown to the audit log, or already signed. */
async function checkReport(options: SignReviewOptions) {
  const parsed = parseReviewReport(options.report);
  const { header } = parsed;
  if (
    digestRows(
      header,
      parsed.rows.map((r) => r.cells),
    ) !== header.digest
  )
    throw invalid('The report was changed outside its decision columns after it was generated.');
  const target = reportTarget(header.reportId, header.digest);
  let generated = false;
  let signed = false;
  await scanAudit(
    options.storage.audit,
    new Date(Date.parse(header.generatedAt) - 300_000).toISOString(),
    (r) => {
      if (isAdminAction(r, 'review.report') && r.target === target) generated = true;
      if (isAdminAction(r, 'review.sign') && r.target?.split(' ')[0] === header.reportId) signed = true;
    },
  );
  if (!generated) throw invalid('The audit log holds no record of this report being generated here.');
  if (signed) throw invalid('This report has already been signed.');
  return parsed;
}

/**
 * Applies a reviewer's decisions from a filled-in access review: `revoke` revokes a key or disables a
 * user, `downgrade` lowers roles and/or clearance (never raises them), `keep` changes nothing. Each
 * decision, and the sign-off itself, is an audit record naming the reviewer, so the next review shows
 * what changed. Every flagged entry needs a decision; an entry that changed since the report is skipped.
 */
export async function signAccessReview(options: SignReviewOptions): Promise<SignReviewResult> {
  if (!REVIEWER.test(options.reviewer))
    throw new BulwarkError('VALIDATION_FAILED', {
      message: "--reviewer must be 1-128 letters, digits, spaces or . _ @ ' -",
      details: { field: 'reviewer' },
    });
  const { header, rows } = await checkReport(options);
  const problems: { ref: string; problem: string }[] = [];
  const plans = new Map<ReviewRow, { roles: string[]; clearance: Level }>();
  for (const row of rows) {
    if (row.decision === null && row.flagged)
      problems.push({ ref: row.ref, problem: 'flagged but no decision' });
    if (row.decision === 'downgrade')
      try {
        plans.set(row, checkDowngrade(row));
      } catch (error) {
        problems.push({
          ref: row.ref,
          problem: isBulwarkError(error) ? 'unknown role' : (error as Error).message,
        });
      }
  }
  if (problems.length > 0)
    throw new BulwarkError('VALIDATION_FAILED', {
      message: `The review is incomplete or inconsistent: ${problems.map((p) => `${p.ref}: ${p.problem}`).join('; ')}`,
      details: { entries: problems },
    });

  const at = () => (options.now ?? (() => new Date()))().toISOString();
  const decisions: AppliedDecision[] = [];
  for (const row of rows) {
    if (row.decision === null) continue;
    const reason = await apply(options.storage, row, plans.get(row), at());
    decisions.push({
      ref: row.ref,
      decision: row.decision,
      outcome: reason ? 'skipped' : 'applied',
      ...(reason ? { reason } : {}),
    });
    await options.audit.append({
      kind: 'admin',
      action: `review.${row.decision}`,
      principal: options.reviewer,
      target: row.ref,
      outcome: reason ? 'failure' : 'success',
    });
  }
  const receipt = await options.audit.append({
    kind: 'admin',
    action: 'review.sign',
    principal: options.reviewer,
    target: reportTarget(header.reportId, header.digest),
    outcome: 'success',
  });
  return {
    reportId: header.reportId,
    reviewer: options.reviewer,
    decisions,
    implicitlyKept: rows.filter((r) => r.decision === null).length,
    signAuditId: receipt.id,
  };
}

/** Applies one decision to the current state; returns why it was skipped, if it was. */
async function apply(
  storage: SignReviewOptions['storage'],
  row: ReviewRow,
  plan: { roles: string[]; clearance: Level } | undefined,
  at: string,
): Promise<string | undefined> {
  if (row.decision === 'keep') return undefined;
  const [kind, id = ''] = [row.ref.slice(0, row.ref.indexOf(':')), row.ref.slice(row.ref.indexOf(':') + 1)];
  if (kind === 'key') {
    const key = await storage.apiKeys.get(id);
    if (!key || key.revokedAt !== undefined) return 'no longer active';
    if (row.decision === 'revoke')
      return (await storage.apiKeys.revoke(id, at)) ? undefined : 'no longer active';
    if (key.role !== row.roles[0] || key.clearance !== row.clearance) return 'changed since the report';
    return (await storage.apiKeys.setAccess(id, { role: plan!.roles[0]!, clearance: plan!.clearance }, at))
      ? undefined
      : 'no longer active';
  }
  const user = await storage.users.get(id);
  if (!user || user.disabled) return 'no longer active';
  const same = user.roles.join(' ') === row.roles.join(' ') && user.clearance === row.clearance;
  if (row.decision === 'downgrade' && !same) return 'changed since the report';
  const next =
    row.decision === 'revoke'
      ? { ...user, disabled: true }
      : { ...user, roles: plan!.roles, clearance: plan!.clearance };
  // The version bump also rotates the user's console sessions (their roles are re-read).
  const ok = await storage.users.update({ ...next, version: user.version + 1, updatedAt: at }, user.version);
  return ok ? undefined : 'changed concurrently';
}
