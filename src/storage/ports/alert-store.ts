export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A new alert as the monitor raises it. Evidence holds counts and closed-set labels, never prompt text or secrets. */
export interface NewAlert {
  id: string;
  /** Same key (detector + subject) within the dedupe window = same incident. */
  dedupeKey: string;
  detector: string;
  severity: string;
  subjectKind: string;
  subjectId: string;
  summary: string;
  evidence: Readonly<Record<string, number | string | boolean>>;
  /** ISO time of the signal. */
  at: string;
}

export interface AlertRecord {
  id: string;
  dedupeKey: string;
  detector: string;
  severity: string;
  subjectKind: string;
  subjectId: string;
  summary: string;
  evidence: Record<string, number | string | boolean>;
  status: AlertStatus;
  /** Signals folded into this alert. */
  count: number;
  firstSeen: string;
  lastSeen: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

export interface RaiseResult {
  alert: AlertRecord;
  /** False when the signal was folded into an existing alert (deduplicated). */
  created: boolean;
}

/** Stored alerts; `raise` is atomic per dedupe key, so replicas cannot open the same incident twice. */
export interface AlertStore {
  /**
   * Folds the signal into the newest unresolved alert with the same dedupe key last seen at or after
   * `since` (count + 1, lastSeen, latest evidence, severity raised if higher), else inserts it.
   */
  raise(alert: NewAlert, since: string): Promise<RaiseResult>;
  get(id: string): Promise<AlertRecord | undefined>;
  /** Newest first. */
  list(filter?: { status?: AlertStatus; limit?: number }): Promise<AlertRecord[]>;
  /** Marks an alert acknowledged; undefined when it does not exist. */
  acknowledge(id: string, by: string, at: string): Promise<AlertRecord | undefined>;
  /** Alerts created at or after `since` (the alert rate limit). */
  countCreatedSince(since: string): Promise<number>;
  /** Retention: acknowledged or resolved alerts last seen before `before`; open ones are never counted. */
  countStale(before: string): Promise<number>;
  /** Retention: deletes what `countStale` counts; returns how many went. */
  deleteStale(before: string): Promise<number>;
}

const RANK = ['info', 'low', 'medium', 'high', 'critical'];
/** The higher of two severities (unknown names rank lowest). */
export function higherSeverity(a: string, b: string): string {
  return RANK.indexOf(b) > RANK.indexOf(a) ? b : a;
}

/** The record a fresh alert becomes. */
export function newAlertRecord(a: NewAlert): AlertRecord {
  return {
    id: a.id,
    dedupeKey: a.dedupeKey,
    detector: a.detector,
    severity: a.severity,
    subjectKind: a.subjectKind,
    subjectId: a.subjectId,
    summary: a.summary,
    evidence: { ...a.evidence },
    status: 'open',
    count: 1,
    firstSeen: a.at,
    lastSeen: a.at,
  };
}

/** The record after folding another signal into it. */
export function foldAlert(r: AlertRecord, a: NewAlert): AlertRecord {
  return {
    ...r,
    severity: higherSeverity(r.severity, a.severity),
    summary: a.summary,
    evidence: { ...a.evidence },
    count: r.count + 1,
    lastSeen: a.at > r.lastSeen ? a.at : r.lastSeen,
  };
}
