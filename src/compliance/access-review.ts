import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../audit/index.js';
import { isRole, ROLE_PERMISSIONS } from '../auth/index.js';
import type { ComplianceConfig } from '../config/index.js';
import type { ApiKeyRecord, Storage, UserRecord } from '../storage/index.js';
import {
  REVIEW_FLAGS,
  type AccessReviewReport,
  type ReviewEntry,
  type ReviewFlag,
  type RoleChange,
} from './access-review-types.js';
import { isAdminAction, scanAudit } from './audit-scan.js';
import { daysBetween } from './duration.js';
import { maskName } from './mask.js';
import { restrictedOutliers } from './restricted-use.js';
import { digestRows, entryCells } from './review-digest.js';

export interface AccessReviewOptions {
  storage: Pick<Storage, 'apiKeys' | 'users' | 'audit'>;
  thresholds: Pick<ComplianceConfig, 'keyRotationDays' | 'unusedKeyDays' | 'restrictedOutlierMin'>;
  /** Start of the review period (ISO time). */
  since: string;
  /** Only this tenant's principals. */
  tenant?: string;
  now?: () => Date;
}

/** Audit actions that grant or change access, and the kind of entry their target names. */
const GRANTS: Record<string, 'key' | 'user'> = {
  'keys.create': 'key',
  'keys.rotate': 'key',
  'users.create': 'user',
  'users.setup': 'user',
  'admin.bootstrap': 'user',
};
const TOTP_PERIOD_MS = 30_000;

/** Roles that may change other principals' access or the policy: holding one is a privilege. */
const privileged = (roles: readonly string[]) =>
  roles.some((r) => isRole(r) && ROLE_PERMISSIONS[r].some((p) => p.endsWith(':manage')));

interface Period {
  usage: Map<
    string,
    { tenant: string; principal: string; role: string; requests: number; restricted: number }
  >;
  mfaLogins: Map<string, string>;
  grants: AuditRecord[];
  reviews: AuditRecord[];
}

async function readPeriod(options: AccessReviewOptions): Promise<Period> {
  const period: Period = { usage: new Map(), mfaLogins: new Map(), grants: [], reviews: [] };
  await scanAudit(options.storage.audit, options.since, (r) => {
    if (options.tenant !== undefined && r.tenant !== undefined && r.tenant !== options.tenant) return;
    if (r.kind === 'request' && r.principal !== undefined) {
      const id = `${r.tenant ?? ''}\u0000${r.principal}`;
      const u = period.usage.get(id) ?? {
        tenant: r.tenant ?? '',
        principal: r.principal,
        role: r.role ?? 'none',
        requests: 0,
        restricted: 0,
      };
      u.requests++;
      if (r.levelIn === 'restricted') u.restricted++;
      period.usage.set(id, u);
    } else if (isAdminAction(r, 'session.login') && r.target !== undefined) {
      // A console login always passes TOTP or a recovery code, so it is a use of MFA.
      period.mfaLogins.set(r.target, r.time);
    } else {
      // A downgrade is both a role change and a review decision.
      if (isAdminAction(r, ...Object.keys(GRANTS), 'review.downgrade')) period.grants.push(r);
      if (isAdminAction(r, 'review.')) period.reviews.push(r);
    }
  });
  return period;
}

const latest = (...times: (string | undefined)[]) =>
  times
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);

function keyEntry(k: ApiKeyRecord, now: Date): ReviewEntry {
  return {
    ref: `key:${k.id}`,
    kind: 'api-key',
    tenant: k.tenant,
    principal: k.principal,
    name: maskName(k.name),
    roles: [k.role],
    clearance: k.clearance,
    scopes: k.scopes,
    status: k.suspendedAt === undefined ? 'active' : 'suspended',
    createdAt: k.createdAt,
    ageDays: daysBetween(k.createdAt, now),
    ...(k.lastUsedAt === undefined ? {} : { lastUsedAt: k.lastUsedAt }),
    requests: 0,
    restrictedRequests: 0,
    flags: [],
    decision: null,
  };
}

function userEntry(u: UserRecord, lastLogin: string | undefined, now: Date): ReviewEntry {
  const step = u.mfa.lastTotpStep;
  const mfaLast = latest(
    step === undefined ? undefined : new Date(step * TOTP_PERIOD_MS).toISOString(),
    lastLogin,
  );
  return {
    ref: `user:${u.id}`,
    kind: 'console-user',
    tenant: u.tenant,
    principal: `user:${u.id}`,
    name: maskName(u.username),
    roles: [...u.roles],
    clearance: u.clearance,
    scopes: {},
    status: u.setup === undefined ? 'active' : 'setup-pending',
    createdAt: u.createdAt,
    ageDays: daysBetween(u.createdAt, now),
    ...(lastLogin === undefined ? {} : { lastUsedAt: lastLogin }),
    mfa: {
      enrolled: u.mfa.enrolledAt !== undefined,
      ...(mfaLast === undefined ? {} : { lastUsedAt: mfaLast }),
    },
    requests: 0,
    restrictedRequests: 0,
    flags: [],
    decision: null,
  };
}

/**
 * Builds an access review: every API key and console user that holds access, with role, clearance,
 * scopes, last use and age, flagged where a reviewer should look, plus the period's grants and the
 * decisions earlier reviews applied. Reads only; the CLI records the report's digest in the audit log.
 */
export async function buildAccessReview(options: AccessReviewOptions): Promise<AccessReviewReport> {
  const now = (options.now ?? (() => new Date()))();
  const { thresholds } = options;
  const [keys, users, period] = await Promise.all([
    options.storage.apiKeys.list(options.tenant),
    options.storage.users.list(options.tenant),
    readPeriod(options),
  ]);
  const live = keys.filter(
    (k) =>
      k.revokedAt === undefined && (k.expiresAt === undefined || Date.parse(k.expiresAt) > now.getTime()),
  );
  const entries = [
    ...live.map((k) => keyEntry(k, now)),
    ...users.filter((u) => !u.disabled).map((u) => userEntry(u, period.mfaLogins.get(u.id), now)),
  ].sort(
    (a, b) => a.tenant.localeCompare(b.tenant) || a.kind.localeCompare(b.kind) || a.ref.localeCompare(b.ref),
  );
  const byRef = new Map(entries.map((e) => [e.ref, e]));
  const usage = restrictedOutliers([...period.usage.values()], thresholds.restrictedOutlierMin);

  const roleChanges: RoleChange[] = period.grants.map((r) => {
    const action = r.action!;
    const ref = action.startsWith('review.') ? r.target! : `${GRANTS[action]}:${r.target}`;
    const entry = byRef.get(ref);
    const escalation =
      !action.startsWith('review.') &&
      entry !== undefined &&
      (privileged(entry.roles) || entry.clearance === 'restricted');
    return {
      at: r.time,
      action,
      ...(r.principal === undefined ? {} : { actor: r.principal }),
      ref: entry === undefined ? (r.target ?? '') : ref,
      escalation,
      detail:
        entry === undefined
          ? 'no longer holds access'
          : `now ${entry.roles.join(', ')} with clearance ${entry.clearance}`,
    };
  });

  const reviewDecisions = period.reviews
    .filter((r) => r.action !== 'review.sign' && r.action !== 'review.report')
    .map((r) => ({
      at: r.time,
      reviewer: r.principal ?? '',
      decision: r.action!.slice(7),
      ref: r.target ?? '',
    }));
  const sign = period.reviews.filter((r) => r.action === 'review.sign').at(-1);

  for (const e of entries) {
    const flags = new Set<ReviewFlag>();
    const mine = usage.find((u) => u.tenant === e.tenant && u.principal === e.principal);
    e.requests = mine?.requests ?? 0;
    e.restrictedRequests = mine?.restricted ?? 0;
    if (mine?.outlier) flags.add('restricted-outlier');
    if (e.kind === 'api-key') {
      if (daysBetween(e.lastUsedAt ?? e.createdAt, now) >= thresholds.unusedKeyDays) flags.add('unused');
      if (e.ageDays > thresholds.keyRotationDays) flags.add('rotation-overdue');
    } else if (!e.mfa?.enrolled || e.mfa.lastUsedAt === undefined || e.mfa.lastUsedAt < options.since)
      flags.add('no-mfa-use');
    const last = reviewDecisions.filter((d) => d.ref === e.ref).at(-1);
    if (last) e.lastReview = { decision: last.decision, reviewer: last.reviewer, at: last.at };
    // A change a reviewer already decided on is not raised again.
    for (const c of roleChanges.filter((c) => c.ref === e.ref && (last === undefined || c.at > last.at))) {
      flags.add('role-changed');
      if (c.escalation) flags.add('privilege-escalation');
    }
    e.flags = REVIEW_FLAGS.filter((f) => flags.has(f));
  }

  const header = {
    reportId: randomUUID(),
    generatedAt: now.toISOString(),
    period: { since: options.since, until: now.toISOString() },
  };
  const byFlag = Object.fromEntries(
    REVIEW_FLAGS.map((f) => [f, entries.filter((e) => e.flags.includes(f)).length]),
  ) as Record<ReviewFlag, number>;
  return {
    format: 'bulwark-access-review/v1',
    ...header,
    ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
    thresholds: {
      unusedKeyDays: thresholds.unusedKeyDays,
      keyRotationDays: thresholds.keyRotationDays,
      restrictedOutlierMin: thresholds.restrictedOutlierMin,
    },
    summary: { entries: entries.length, flagged: entries.filter((e) => e.flags.length > 0).length, byFlag },
    entries,
    usage,
    roleChanges,
    reviewDecisions,
    ...(sign === undefined
      ? {}
      : {
          previousReview: {
            at: sign.time,
            reviewer: sign.principal ?? '',
            reportId: sign.target?.split(' ')[0] ?? '',
          },
        }),
    digest: digestRows(header, entries.map(entryCells)),
  };
}
