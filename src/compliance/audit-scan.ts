import type { AuditRecord } from '../audit/index.js';
import type { AuditStore } from '../storage/index.js';

const PAGE = 1000;

/**
 * Visits every stored audit record made at or after `since` (ISO time), oldest first, in pages, so a
 * report over a long log never holds it all in memory. Records are parsed; the log stores no content.
 */
export async function scanAudit(
  store: AuditStore,
  since: string,
  visit: (record: AuditRecord) => void,
): Promise<number> {
  const head = await store.head();
  let next = Math.max(head.retainedFrom, (await store.firstSeqAtOrAfter(since)) ?? head.size);
  let seen = 0;
  for (;;) {
    const page = await store.range(next, PAGE);
    if (page.length === 0) return seen;
    for (const entry of page) {
      // Clock skew between replicas can put an older time after a newer one; skip what is before.
      if (entry.time < since) continue;
      visit(JSON.parse(entry.body) as AuditRecord);
      seen++;
    }
    next = page.at(-1)!.seq + 1;
  }
}

/** A successful admin record with one of `actions`; a name ending in `.` matches a family (`review.`). */
export function isAdminAction(record: AuditRecord, ...actions: string[]): boolean {
  const { action } = record;
  return (
    record.kind === 'admin' &&
    record.outcome !== 'failure' &&
    action !== undefined &&
    actions.some((a) => (a.endsWith('.') ? action.startsWith(a) : action === a))
  );
}
