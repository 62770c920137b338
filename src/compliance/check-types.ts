import type { Evidence } from './evidence.js';

export type Status = 'met' | 'partial' | 'not met';

/** One named piece of evidence behind a status: the setting or measurement, as shown to an auditor. */
export interface EvidenceItem {
  item: string;
  value: string;
}

export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  /** Why the status is what it is, in one sentence. */
  summary: string;
  evidence: EvidenceItem[];
}

/** A check reads evidence and nothing else, so its status always follows from what it shows. */
export interface Check {
  id: string;
  title: string;
  run(e: Evidence): Omit<CheckResult, 'id' | 'title'>;
}

export const item = (name: string, value: unknown): EvidenceItem => ({ item: name, value: String(value) });

/** `met` when every part holds, `not met` when none does, `partial` in between. */
export function byCount(held: number, total: number): Status {
  if (total === 0 || held === total) return 'met';
  return held === 0 ? 'not met' : 'partial';
}

/** The status of a control over several checks. */
export function combine(statuses: readonly Status[]): Status {
  if (statuses.every((s) => s === 'met')) return 'met';
  return statuses.every((s) => s === 'not met') ? 'not met' : 'partial';
}
