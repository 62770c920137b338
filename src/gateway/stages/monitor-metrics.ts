import type { NamedStage } from '../../core/index.js';
import { whenUsageKnown } from '../chat/usage.js';
import type { RequestContext } from '../context.js';
import { toBulwarkError } from '../errors.js';
import type { GatewayMetrics } from '../routes/metrics-registry.js';
import { traceRequest, traceStage, type GatewayTracing } from './monitor-tracing.js';

const GUARD_CODES = new Set([
  'PROMPT_INJECTION_BLOCKED',
  'SENSITIVE_INPUT_BLOCKED',
  'SENSITIVE_OUTPUT_BLOCKED',
  'CANARY_LEAKED',
  'NO_TRUSTED_UPSTREAM',
  'CLEARANCE_EXCEEDED',
]);
const LIMIT_CODES = new Set(['RATE_LIMITED', 'TOKEN_LIMITED', 'BUDGET_EXCEEDED', 'CONCURRENCY_LIMITED']);
const UPSTREAM_CODES = new Set(['UPSTREAM_ERROR', 'UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE']);

/** Per-request timings gathered by the instrumented stages. */
interface Timing {
  upstreamMs: number;
}
const timings = new WeakMap<RequestContext, Timing>();

/** Upstream time of a request so far (the `forward` stage's own time), for the behavioural monitor. */
export function upstreamMsOf(ctx: RequestContext): number | undefined {
  return timings.get(ctx)?.upstreamMs;
}

/**
 * Wraps every stage to time its own share (time spent inside `next()` excluded) and prepends an
 * outermost stage that records the request's outcome. `forward`'s own time is the upstream wait.
 */
export function instrumentStages(
  stages: readonly NamedStage<RequestContext>[],
  metrics: GatewayMetrics,
  tracing?: GatewayTracing,
): NamedStage<RequestContext>[] {
  const traced = tracing ? stages.map((s) => traceStage(tracing.tracer, s)) : stages;
  const timed = traced.map((stage): NamedStage<RequestContext> => ({
    name: stage.name,
    async run(ctx, next) {
      const started = performance.now();
      let inner = 0;
      try {
        await stage.run(ctx, async () => {
          const entered = performance.now();
          try {
            await next();
          } finally {
            inner += performance.now() - entered;
          }
        });
      } finally {
        const own = performance.now() - started - inner;
        metrics.stageLatency.observe({ stage: stage.name }, own / 1000);
        if (stage.name === 'forward') {
          const t = timings.get(ctx);
          if (t) t.upstreamMs += own;
        }
      }
    },
  }));
  const outer = [observeRequest(metrics), ...timed];
  return tracing ? [traceRequest(tracing, (m) => metrics.modelLabel(m)), ...outer] : outer;
}

function observeRequest(metrics: GatewayMetrics): NamedStage<RequestContext> {
  return {
    name: 'metrics',
    async run(ctx, next) {
      const timing: Timing = { upstreamMs: 0 };
      timings.set(ctx, timing);
      const started = performance.now();
      let outcome = 'ok';
      try {
        await next();
      } catch (error) {
        outcome = toBulwarkError(error).code;
        throw error;
      } finally {
        const model = metrics.modelLabel(ctx.request.model);
        const total = performance.now() - started;
        metrics.requests.inc({ route: ctx.route, model, outcome });
        metrics.gatewayLatency.observe({ route: ctx.route }, Math.max(0, total - timing.upstreamMs) / 1000);
        if (ctx.served)
          metrics.upstreamLatency.observe({ upstream: ctx.served.upstream }, timing.upstreamMs / 1000);
        const decision = ctx.inputDecision;
        if (decision) {
          metrics.decisions.inc({ action: decision.action });
          for (const f of decision.findings) metrics.findings.inc({ type: f.type });
        }
        if (GUARD_CODES.has(outcome)) metrics.blocks.inc({ code: outcome });
        if (LIMIT_CODES.has(outcome)) metrics.limiterRejections.inc({ code: outcome });
        if (UPSTREAM_CODES.has(outcome)) metrics.upstreamErrors.inc({ code: outcome });
        whenUsageKnown(ctx, (usage) => {
          metrics.tokens.inc({ direction: 'in', model }, usage?.input ?? 0);
          metrics.tokens.inc({ direction: 'out', model }, usage?.output ?? 0);
        });
      }
    },
  };
}
