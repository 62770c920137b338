import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AlertRecord } from '../storage/index.js';

/** One webhook target (the `monitoring.alerts.webhooks[]` config entry). */
export interface WebhookTarget {
  url: string;
  format: 'json' | 'slack';
  /** HMAC-SHA256 key; the JSON format is signed when set. */
  secret?: string | undefined;
  timeoutMs: number;
  retries: number;
}

export interface WebhookResult {
  ok: boolean;
  attempts: number;
  /** Last HTTP status, when one arrived. */
  status?: number;
}

/** `sha256=<hex>` over `<timestamp>.<body>`: receivers recompute it and reject stale timestamps. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The payload in the target's format. Alerts carry no prompt text or secrets by construction. */
export function webhookBody(format: WebhookTarget['format'], alert: AlertRecord): string {
  if (format === 'slack') {
    const facts = Object.entries(alert.evidence)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ');
    const text = `[${alert.severity.toUpperCase()}] ${alert.detector}: ${alert.summary} (${alert.subjectKind} ${alert.subjectId})`;
    return JSON.stringify({
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `alert ${alert.id} · ${facts}` }] },
      ],
    });
  }
  return JSON.stringify({ type: 'bulwark.alert', alert });
}

/**
 * POSTs an alert with a timeout per attempt and exponential backoff; retries network errors, 429 and
 * 5xx, never other 4xx (the receiver said no). Never throws.
 */
export async function deliverWebhook(
  target: WebhookTarget,
  alert: AlertRecord,
  options: { backoffMs?: number; now?: () => number } = {},
): Promise<WebhookResult> {
  const body = webhookBody(target.format, alert);
  const backoff = options.backoffMs ?? 250;
  let status: number | undefined;
  for (let attempt = 1; attempt <= target.retries + 1; attempt++) {
    const timestamp = String(Math.floor((options.now?.() ?? Date.now()) / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-bulwark-timestamp': timestamp,
    };
    if (target.secret !== undefined)
      headers['x-bulwark-signature'] = signWebhook(target.secret, timestamp, body);
    try {
      const res = await fetch(target.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(target.timeoutMs),
        redirect: 'error',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: attempt, status };
      if (res.status !== 429 && res.status < 500) return { ok: false, attempts: attempt, status };
    } catch {
      status = undefined;
    }
    if (attempt <= target.retries) await sleep(backoff * 2 ** (attempt - 1));
  }
  return { ok: false, attempts: target.retries + 1, ...(status !== undefined ? { status } : {}) };
}
