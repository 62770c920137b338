import { randomUUID } from 'node:crypto';
import type { AlertRecord, AlertStore } from '../storage/index.js';
import { severityRank, type Severity, type Signal } from './types.js';
import { deliverWebhook, type WebhookResult, type WebhookTarget } from './webhook.js';

export interface AlertManagerOptions {
  store: AlertStore;
  webhooks?: readonly (WebhookTarget & { minSeverity: Severity })[];
  /** Signals with the same detector and subject within this window are one incident. */
  dedupeSeconds?: number;
  /** New alerts per rolling hour; beyond it signals are only recorded. */
  maxPerHour?: number;
  backoffMs?: number;
  now?: () => number;
  /** Delivery outcomes (for the audit log and logs); never throws into the request path. */
  onDelivery?: (alert: AlertRecord, target: string, result: WebhookResult) => void;
}

export interface RaiseAlertResult {
  outcome: 'created' | 'deduplicated' | 'rate-limited';
  alert?: AlertRecord;
  /** Settles when every webhook delivery has finished (tests and shutdown wait on it). */
  delivered: Promise<WebhookResult[]>;
}

/** Turns signals into stored, deduplicated, rate-limited alerts and notifies webhooks of new ones. */
export interface AlertManager {
  raise(signal: Signal): Promise<RaiseAlertResult>;
}

export function createAlertManager(options: AlertManagerOptions): AlertManager {
  const dedupeMs = (options.dedupeSeconds ?? 3600) * 1000;
  const maxPerHour = options.maxPerHour ?? 60;
  const now = options.now ?? Date.now;
  const none = Promise.resolve([] as WebhookResult[]);
  return {
    async raise(signal) {
      const t = now();
      const dedupeKey = `${signal.detector}:${signal.subject.kind}:${signal.subject.id}`;
      const existing = (await options.store.list({ status: 'open', limit: 50 })).some(
        (a) => a.dedupeKey === dedupeKey && Date.parse(a.lastSeen) >= t - dedupeMs,
      );
      if (
        !existing &&
        (await options.store.countCreatedSince(new Date(t - 3_600_000).toISOString())) >= maxPerHour
      )
        return { outcome: 'rate-limited', delivered: none };
      const { alert, created } = await options.store.raise(
        {
          id: 'al_' + randomUUID(),
          dedupeKey,
          detector: signal.detector,
          severity: signal.severity,
          subjectKind: signal.subject.kind,
          subjectId: signal.subject.id,
          summary: signal.summary,
          evidence: signal.evidence,
          at: new Date(t).toISOString(),
        },
        new Date(t - dedupeMs).toISOString(),
      );
      if (!created) return { outcome: 'deduplicated', alert, delivered: none };
      const targets = (options.webhooks ?? []).filter(
        (w) => severityRank(signal.severity) >= severityRank(w.minSeverity),
      );
      const delivered = Promise.all(
        targets.map(async (w) => {
          const result = await deliverWebhook(w, alert, {
            ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
            now,
          });
          options.onDelivery?.(alert, new URL(w.url).host, result);
          return result;
        }),
      );
      return { outcome: 'created', alert, delivered };
    },
  };
}
