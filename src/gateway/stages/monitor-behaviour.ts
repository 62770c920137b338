import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from '../../audit/index.js';
import { BulwarkError, type NamedStage } from '../../core/index.js';
import {
  createAlertManager,
  createMonitor,
  createSharedEvents,
  promptSketch,
  type AlertManager,
  type Monitor,
  type MonitorEvent,
  type MonitorOptions,
  type MonitorVerdict,
  type SharedEvents,
} from '../../monitor/index.js';
import type { AlertStore, ApiKeyStore, ReplicaBus } from '../../storage/index.js';
import type { BulwarkConfig } from '../../config/index.js';
import { whenUsageKnown, type TokenUsage } from '../chat/usage.js';
import type { RequestContext } from '../context.js';
import { identityOnlyStages } from '../pipeline.js';
import { toBulwarkError } from '../errors.js';
import type { GatewayMetrics } from '../routes/metrics-registry.js';
import { upstreamMsOf } from './monitor-metrics.js';

const UPSTREAM_CODES = new Set(['UPSTREAM_ERROR', 'UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE']);

export interface BehaviourStageOptions {
  config: BulwarkConfig;
  /** Where alerts are kept (the gateway's storage); without one, signals are only audited. */
  alertStore?: AlertStore | undefined;
  /** Where keys are suspended (the `suspend` action); without one, suspension is audited as failed. */
  apiKeyStore?: Pick<ApiKeyStore, 'suspend'> | undefined;
  /** Shared with the other replicas (`monitoring.behaviour.backend: redis`); absent = this process only. */
  replicaBus?: ReplicaBus | undefined;
  metrics: GatewayMetrics;
  audit: () => AuditLog | undefined;
  log: () => Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

/** Who an action is attributed to in the audit log: the request's, or a peer replica's request's. */
interface Origin {
  requestId?: string | undefined;
  principal?: string | undefined;
  tenant?: string | undefined;
  keyId?: string | undefined;
}

/** The text a request is sketched on: the user turns, joined (never stored; only the sketch is). */
function userText(ctx: RequestContext): string {
  let out = '';
  for (const m of ctx.request.messages) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') out += m.content + '\n';
    else if (Array.isArray(m.content))
      for (const p of m.content) if (p.text !== undefined) out += p.text + '\n';
  }
  return out;
}

/**
 * Behavioural monitoring around the rest of the pipeline: refuses throttled principals up front,
 * feeds every finished request (counts, labels and a prompt sketch, never text) to the monitor, and
 * carries out the actions the policy prescribes per severity, each written to the audit log.
 */
export function createBehaviourStage(options: BehaviourStageOptions): {
  stage: NamedStage<RequestContext>;
  monitor: Monitor;
  alerts: AlertManager | undefined;
  /** Present with a replica bus: flush and stop it on shutdown. */
  shared: SharedEvents | undefined;
} {
  const settings = options.config.monitoring;
  const monitor = createMonitor({
    detectors: settings.behaviour.detectors,
    actions: settings.behaviour.actions,
    sessionRisk: settings.behaviour.sessionRisk,
    throttleSeconds: settings.behaviour.throttleSeconds,
  } as MonitorOptions);
  const alerts = options.alertStore
    ? createAlertManager({
        store: options.alertStore,
        webhooks: settings.alerts.webhooks,
        dedupeSeconds: settings.alerts.dedupeSeconds,
        maxPerHour: settings.alerts.maxPerHour,
        onDelivery: (alert, target, result) => {
          if (!result.ok)
            options.log().warn({ alert: alert.id, target, status: result.status }, 'alert webhook failed');
        },
      })
    : undefined;

  let busDown = false;
  const shared = options.replicaBus
    ? createSharedEvents({
        monitor,
        bus: options.replicaBus,
        claimSeconds: settings.behaviour.shared.claimSeconds,
        maxSkewSeconds: settings.behaviour.shared.maxSkewSeconds,
        maxQueue: settings.behaviour.shared.maxQueue,
        onPeerVerdicts: (event, verdicts) => {
          for (const v of verdicts) actOnce(event, v);
        },
        onStatus: (status) => {
          if (status.up) {
            if (busDown) options.log().info('monitor events shared again');
            busDown = false;
            return;
          }
          busDown = true;
          // Like a limits-store outage: an incident for humans, deduplicated by the alert store.
          options.log().error({ reason: status.reason }, 'monitor events not shared: detecting per replica');
          alerts
            ?.raise({
              detector: 'monitor.events',
              severity: 'medium',
              subject: { kind: 'service', id: 'monitor-events' },
              score: 0,
              summary: 'Shared monitor events unavailable: each replica detects on its own traffic',
              evidence: { backend: 'redis' },
              at: Date.now(),
            })
            .catch((error: unknown) =>
              options.log().error({ err: error }, 'could not store the monitor alert'),
            );
        },
      })
    : undefined;

  /** Runs a verdict's actions here unless another replica already claimed the same signal. */
  function actOnce(origin: Origin, verdict: MonitorVerdict): void {
    // Actions run off the request path; a failing alert store or audit log is logged, never thrown.
    (async () => {
      if (shared && !(await shared.claim(verdict.signal))) return;
      await act(origin, verdict);
    })().catch((error: unknown) => options.log().error({ err: error }, 'monitor action failed'));
  }

  async function act(origin: Origin, verdict: MonitorVerdict): Promise<void> {
    const { signal } = verdict;
    options.metrics.monitorSignals.inc({ detector: signal.detector, severity: signal.severity });
    for (const action of verdict.actions) {
      let outcome: 'success' | 'failure' = 'success';
      if (action === 'alert') {
        if (alerts) await alerts.raise(signal);
        else outcome = 'failure';
      }
      if (action === 'suspend') {
        // A tenant- or address-wide signal names no key of its own: nothing is suspended (audited as failed).
        const kind = signal.subject.kind;
        const keyId =
          kind === 'key'
            ? signal.subject.id
            : kind === 'principal' || kind === 'session'
              ? origin.keyId
              : undefined;
        const done =
          keyId !== undefined && options.apiKeyStore !== undefined
            ? await options.apiKeyStore.suspend(keyId, new Date(signal.at).toISOString())
            : false;
        if (!done) outcome = 'failure';
      }
      await options.audit()?.append({
        kind: 'system',
        action: `monitor.${action}`,
        ...(origin.requestId !== undefined ? { requestId: origin.requestId } : {}),
        ...(origin.principal !== undefined ? { principal: origin.principal } : {}),
        ...(origin.tenant !== undefined ? { tenant: origin.tenant } : {}),
        target: `${signal.detector}/${signal.severity}/${signal.subject.kind}:${signal.subject.id}`.slice(
          0,
          256,
        ),
        outcome,
      });
    }
  }

  const stage: NamedStage<RequestContext> = {
    name: 'monitor',
    async run(ctx, next) {
      const principal = ctx.principal;
      if (!settings.behaviour.enabled || principal === undefined) return next();
      const started = Date.now();
      const until = monitor.throttledUntil(principal.id, started, ctx.clientIp);
      if (until !== undefined) {
        const retry = String(Math.ceil((until - started) / 1000));
        throw new BulwarkError('RATE_LIMITED', { headers: { 'retry-after': retry } });
      }
      const text = userText(ctx);
      const sketch = promptSketch(text);
      let code: string | undefined;
      try {
        await next();
      } catch (error) {
        code = toBulwarkError(error).code;
        throw error;
      } finally {
        // Streamed requests are observed when the stream ends, with the tokens it reported.
        whenUsageKnown(ctx, (usage) => observe(ctx, principal, { text, sketch, code, usage }));
      }
    },
  };

  function observe(
    ctx: RequestContext,
    principal: NonNullable<RequestContext['principal']>,
    seen: { text: string; sketch: Uint32Array; code: string | undefined; usage: TokenUsage | undefined },
  ): void {
    const { text, sketch, code } = seen;
    const findings = ctx.inputDecision?.findings ?? [];
    const event: MonitorEvent = {
      at: Date.now(),
      requestId: ctx.id,
      principal: principal.id,
      keyId: principal.keyId,
      tenant: principal.tenant,
      source: ctx.clientIp,
      session: ctx.request.conversation_id ?? undefined,
      model: ctx.request.model,
      promptChars: text.length,
      tokensIn: seen.usage?.input ?? 0,
      tokensOut: seen.usage?.output ?? 0,
      findings: findings.length,
      restrictedFindings: ctx.inputScans
        ? ctx.inputScans.reduce((n, s) => n + s.actions.filter((a) => a.level === 'restricted').length, 0)
        : 0,
      blockedCode: code,
      upstream: ctx.served?.upstream,
      upstreamMs: upstreamMsOf(ctx),
      upstreamError: code !== undefined && UPSTREAM_CODES.has(code),
      sketch,
    };
    const verdicts = (shared ?? monitor).observe(event);
    for (const v of verdicts) actOnce(event, v);
  }
  return { stage, monitor, alerts, shared };
}

/** Inserts the monitor stage right after identity (`authenticate`, `authorize`), before limits. */
export function withBehaviourStage(
  stages: readonly NamedStage<RequestContext>[],
  monitorStage: NamedStage<RequestContext>,
): NamedStage<RequestContext>[] {
  const identity = identityOnlyStages(stages);
  return [...identity, monitorStage, ...stages.slice(identity.length)];
}
