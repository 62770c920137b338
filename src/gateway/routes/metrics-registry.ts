import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServicesRef } from '../app.js';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const BREAKER_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The gateway's Prometheus metrics, on a registry of their own (never prom-client's global one, so
 * two apps in one process do not collide). Every label value comes from a closed set: route names,
 * stage names, error codes from the catalog, finding types from the recognizers, model aliases and
 * upstream names from the config. Nothing a client sends becomes a label.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly requests: Counter<'route' | 'model' | 'outcome'>;
  readonly gatewayLatency: Histogram<'route'>;
  readonly upstreamLatency: Histogram<'upstream'>;
  readonly stageLatency: Histogram<'stage'>;
  readonly tokens: Counter<'direction' | 'model'>;
  readonly findings: Counter<'type'>;
  readonly decisions: Counter<'action'>;
  readonly blocks: Counter<'code'>;
  readonly limiterRejections: Counter<'code'>;
  readonly upstreamErrors: Counter<'code'>;
  readonly monitorSignals: Counter<'detector' | 'severity'>;
  readonly auditWrite: Histogram<'outcome'>;
  /** A config-known model alias, or `other` (client-chosen strings never become labels). */
  modelLabel(model: string | undefined): string;
}

/** Builds the metrics; gauges read breaker state from the current services at scrape time. */
export function createGatewayMetrics(services: ServicesRef): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'bulwark_process_' });
  const r = [registry];
  new Gauge({
    name: 'bulwark_upstream_circuit_state',
    help: 'Circuit breaker state per upstream (0 closed, 1 half-open, 2 open).',
    labelNames: ['upstream'],
    registers: r,
    collect() {
      this.reset();
      const { config, breakerFor } = services.current;
      for (const name of Object.keys(config.upstreams))
        this.set({ upstream: name }, BREAKER_STATES[breakerFor(name).state]);
    },
  });
  return {
    registry,
    httpRequests: new Counter({
      name: 'bulwark_http_requests_total',
      help: 'HTTP requests by route, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers: r,
    }),
    requests: new Counter({
      name: 'bulwark_requests_total',
      help: 'Guarded requests by API route, model alias and outcome (ok or error code).',
      labelNames: ['route', 'model', 'outcome'],
      registers: r,
    }),
    gatewayLatency: new Histogram({
      name: 'bulwark_gateway_added_seconds',
      help: 'Time the gateway itself adds to a request (all stages, upstream wait excluded).',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    upstreamLatency: new Histogram({
      name: 'bulwark_upstream_seconds',
      help: 'Upstream call time until the response (or first chunk) arrived, retries included.',
      labelNames: ['upstream'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    stageLatency: new Histogram({
      name: 'bulwark_stage_seconds',
      help: 'Own time of each pipeline stage (time inside later stages excluded).',
      labelNames: ['stage'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    tokens: new Counter({
      name: 'bulwark_tokens_total',
      help: 'Tokens reported by upstreams, by direction (in, out) and model alias.',
      labelNames: ['direction', 'model'],
      registers: r,
    }),
    findings: new Counter({
      name: 'bulwark_findings_total',
      help: 'Input findings by entity type.',
      labelNames: ['type'],
      registers: r,
    }),
    decisions: new Counter({
      name: 'bulwark_decisions_total',
      help: 'Input decisions by action.',
      labelNames: ['action'],
      registers: r,
    }),
    blocks: new Counter({
      name: 'bulwark_blocks_total',
      help: 'Requests refused by a guard, by error code.',
      labelNames: ['code'],
      registers: r,
    }),
    limiterRejections: new Counter({
      name: 'bulwark_limiter_rejections_total',
      help: 'Requests refused by rate, token, budget or concurrency limits (or a monitor throttle).',
      labelNames: ['code'],
      registers: r,
    }),
    upstreamErrors: new Counter({
      name: 'bulwark_upstream_errors_total',
      help: 'Requests that failed upstream, by error code.',
      labelNames: ['code'],
      registers: r,
    }),
    auditWrite: new Histogram({
      name: 'bulwark_audit_write_seconds',
      help: 'Time to append a request to the audit log (durable mode waits for the commit), by outcome.',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    }),
    monitorSignals: new Counter({
      name: 'bulwark_monitor_signals_total',
      help: 'Behavioural monitor signals by detector and severity.',
      labelNames: ['detector', 'severity'],
      registers: r,
    }),
    modelLabel(model) {
      if (model === undefined) return 'none';
      return Object.hasOwn(services.current.config.models, model) && model !== '*' ? model : 'other';
    },
  };
}
