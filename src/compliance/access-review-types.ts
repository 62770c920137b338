import type { Level } from '../core/index.js';

/** Why an entry needs the reviewer's attention. */
export const REVIEW_FLAGS = [
  'unused',
  'rotation-overdue',
  'no-mfa-use',
  'restricted-outlier',
  'role-changed',
  'privilege-escalation',
] as const;
export type ReviewFlag = (typeof REVIEW_FLAGS)[number];

/** What a reviewer may decide for an entry. */
export const REVIEW_DECISIONS = ['keep', 'revoke', 'downgrade'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** One API key or console user that holds access. Keys appear by public id only, never a secret. */
export interface ReviewEntry {
  /** `key:<public id>` or `user:<user id>`. */
  ref: string;
  kind: 'api-key' | 'console-user';
  tenant: string;
  /** The principal id the audit log attributes requests to. */
  principal: string;
  /** Key name or username; e-mail addresses are masked. */
  name: string;
  roles: string[];
  clearance: Level;
  scopes: { models?: string[]; routes?: string[] };
  status: 'active' | 'suspended' | 'setup-pending';
  createdAt: string;
  ageDays: number;
  lastUsedAt?: string;
  /** Console users: TOTP enrolled, and the last time a login used it. */
  mfa?: { enrolled: boolean; lastUsedAt?: string };
  /** Gateway requests in the period, and those that carried restricted data (`levelIn`). */
  requests: number;
  restrictedRequests: number;
  flags: ReviewFlag[];
  /** The latest review decision recorded for this entry in the period. */
  lastReview?: { decision: string; reviewer: string; at: string };
  /** Filled in by the reviewer, then applied by `bulwark review sign`. */
  decision: ReviewDecision | null;
  downgradeTo?: { roles?: string[]; clearance?: Level };
  note?: string;
}

/** Restricted-data use of one audited principal against its peers (same tenant and role). */
export interface PrincipalUsage {
  tenant: string;
  principal: string;
  role: string;
  requests: number;
  restricted: number;
  peers: number;
  peerMedian: number;
  /** Restricted requests above which this principal counts as an outlier; absent with too few peers. */
  threshold?: number;
  outlier: boolean;
}

/** A grant or change of access recorded in the audit log during the period. */
export interface RoleChange {
  at: string;
  action: string;
  actor?: string;
  /** The entry it concerns (`key:…`, `user:…`), or the bare audit target when nothing holds access now. */
  ref: string;
  escalation: boolean;
  detail: string;
}

export interface AccessReviewReport {
  format: 'bulwark-access-review/v1';
  reportId: string;
  generatedAt: string;
  period: { since: string; until: string };
  tenant?: string;
  thresholds: { unusedKeyDays: number; keyRotationDays: number; restrictedOutlierMin: number };
  summary: { entries: number; flagged: number; byFlag: Record<ReviewFlag, number> };
  entries: ReviewEntry[];
  usage: PrincipalUsage[];
  roleChanges: RoleChange[];
  /** Decisions applied by earlier sign-offs in the period (what changed since the last review). */
  reviewDecisions: { at: string; reviewer: string; decision: string; ref: string }[];
  previousReview?: { at: string; reviewer: string; reportId: string };
  /** SHA-256 over the report id, period and entries without decisions: `review sign` checks it. */
  digest: string;
}
