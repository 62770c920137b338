import { foldAlert, newAlertRecord, type AlertRecord, type AlertStore } from '../ports/alert-store.js';

const stale = (r: AlertRecord, before: string) => r.status !== 'open' && r.lastSeen < before;

/** Alerts in process memory. */
export function createMemoryAlertStore(): AlertStore {
  const alerts = new Map<string, AlertRecord>();
  const created = new Map<string, string>();
  const copy = (r: AlertRecord): AlertRecord => ({ ...r, evidence: { ...r.evidence } });
  return {
    raise(a, since) {
      let match: AlertRecord | undefined;
      for (const r of alerts.values())
        if (r.dedupeKey === a.dedupeKey && r.status !== 'resolved' && r.lastSeen >= since) match = r;
      if (match) {
        const next = foldAlert(match, a);
        alerts.set(next.id, next);
        return Promise.resolve({ alert: copy(next), created: false });
      }
      const r = newAlertRecord(a);
      alerts.set(r.id, r);
      created.set(r.id, a.at);
      return Promise.resolve({ alert: copy(r), created: true });
    },
    get: (id) => Promise.resolve(alerts.has(id) ? copy(alerts.get(id)!) : undefined),
    list(filter = {}) {
      const rows = [...alerts.values()]
        .filter((r) => filter.status === undefined || r.status === filter.status)
        .sort((x, y) => (x.firstSeen < y.firstSeen ? 1 : x.firstSeen > y.firstSeen ? -1 : 0))
        .slice(0, filter.limit ?? 100);
      return Promise.resolve(rows.map(copy));
    },
    acknowledge(id, by, at) {
      const r = alerts.get(id);
      if (!r) return Promise.resolve(undefined);
      const next: AlertRecord = { ...r, status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at };
      alerts.set(id, next);
      return Promise.resolve(copy(next));
    },
    countCreatedSince(since) {
      let n = 0;
      for (const at of created.values()) if (at >= since) n++;
      return Promise.resolve(n);
    },
    countStale(before) {
      let n = 0;
      for (const r of alerts.values()) if (stale(r, before)) n++;
      return Promise.resolve(n);
    },
    deleteStale(before) {
      let n = 0;
      for (const [id, r] of alerts)
        if (stale(r, before) && alerts.delete(id)) {
          created.delete(id);
          n++;
        }
      return Promise.resolve(n);
    },
  };
}
