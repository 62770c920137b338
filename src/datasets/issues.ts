import type { DatasetIssue } from './read.js';

/** What a run met, counted in full even when only the first issues are listed. */
export interface IssueCounts {
  /** Every issue, listed or not. */
  total: number;
  /** Issues past the first `max`: counted here, not listed. */
  notListed: number;
  /** Malformed records reported and skipped. */
  skippedRecords: number;
  /** Files not read to the end (a fatal issue). */
  incompleteFiles: number;
  /** Lines and bytes left unread after fatal issues, where the reader could count them. */
  unreadLines: number;
  unreadBytes: number;
}

/** The issues of one report: the first `max` in file order, and counts of everything. */
export interface IssueLog {
  readonly issues: DatasetIssue[];
  readonly counts: IssueCounts;
  add(issue: DatasetIssue): void;
}

/** Issues a report lists by default; a dataset with a million broken lines still gives a small report. */
export const DEFAULT_MAX_ISSUES = 100;

export function createIssueLog(max = DEFAULT_MAX_ISSUES): IssueLog {
  const issues: DatasetIssue[] = [];
  const counts: IssueCounts = {
    total: 0,
    notListed: 0,
    skippedRecords: 0,
    incompleteFiles: 0,
    unreadLines: 0,
    unreadBytes: 0,
  };
  return {
    issues,
    counts,
    add(issue) {
      counts.total++;
      if (issues.length < max) issues.push(issue);
      else counts.notListed++;
      if (!issue.fatal) counts.skippedRecords++;
      else {
        counts.incompleteFiles++;
        counts.unreadLines += issue.unread?.lines ?? 0;
        counts.unreadBytes += issue.unread?.bytes ?? 0;
      }
    },
  };
}

/**
 * Whether a command with one input must stop at this issue: always under `--on-error fail`, and on a
 * fatal issue before any record was read (the output would be empty). A fatal issue later keeps the
 * records read so far; the counts say what was not read.
 */
export function mustStop(
  issue: DatasetIssue,
  onError: 'skip' | 'fail' | undefined,
  recordsRead: number,
): boolean {
  return onError === 'fail' || (issue.fatal && recordsRead === 0);
}

/** `file:line: message (skipped)`, or what a fatal issue left unread. */
export function formatIssue(issue: DatasetIssue): string {
  const where = `${issue.file}:${issue.position}: ${issue.message}`;
  if (!issue.fatal) return `${where} (skipped)`;
  if (!issue.unread) return `${where} (fatal: the rest of the file was not read)`;
  const { lines, bytes } = issue.unread;
  return `${where} (fatal: ${plural(lines, 'line')} (${plural(bytes, 'byte')}) from here on not read)`;
}

/** One line summing up the issues, or undefined when there were none. */
export function describeIssueCounts(c: IssueCounts): string | undefined {
  if (c.total === 0) return undefined;
  const parts: string[] = [];
  if (c.skippedRecords > 0) parts.push(`${plural(c.skippedRecords, 'malformed record')} skipped`);
  if (c.incompleteFiles > 0) {
    const unread = c.unreadLines > 0 ? ` (${plural(c.unreadLines, 'line')} not read)` : '';
    parts.push(`${plural(c.incompleteFiles, 'file')} not read to the end${unread}`);
  }
  if (c.notListed > 0) parts.push(`${c.notListed} more issue(s) not listed`);
  return parts.join('; ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
