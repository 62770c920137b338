import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { AlertStore, ApiKeyStore, ReplicaBus } from '../storage/index.js';
import { BulwarkError, toWireError, type NamedStage } from '../core/index.js';
import type { GatewayServices, RequestContext } from './context.js';
import { toBulwarkError } from './errors.js';
import { parseJsonBody } from './json-body.js';
import { loggerOptions } from './logging.js';
import { chatStages, createPipeline, embeddingsStages, identityOnlyStages } from './pipeline.js';
import { registerAnthropicRoutes } from './routes/anthropic-messages.js';
import { registerChatRoutes } from './routes/chat-completions.js';
import { registerEmbeddingsRoute } from './routes/embeddings.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { createGatewayMetrics } from './routes/metrics-registry.js';
import { registerSystemRoutes } from './routes/system.js';
import { createBehaviourStage, withBehaviourStage } from './stages/monitor-behaviour.js';
import { instrumentStages } from './stages/monitor-metrics.js';
import { createTracing, type GatewayTracing } from './stages/monitor-tracing.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Records how long an audit append took (the routes append; the metrics registry lives here). */
    observeAuditWrite(seconds: number, ok: boolean): void;
  }
}

/** Where the routes read the current services; swapping it reloads config without touching in-flight requests. */
export interface ServicesRef {
  current: GatewayServices;
}

export interface GatewayAppOptions {
  services: ServicesRef;
  /** Replace or extend the chat pipeline (identity, limits and audit insert their stages here). */
  stages?: readonly NamedStage<RequestContext>[];
  /** Default: pino at the config's level. `false` silences logs (tests). */
  logger?: boolean;
  /** Where log lines go (default stdout); tests capture them to prove redaction. */
  logStream?: DestinationStream;
  /** Where monitoring alerts are stored (the gateway's storage); without one, signals are only audited. */
  alertStore?: AlertStore;
  /** Replaces the tracer built from `monitoring.tracing` (tests pass an in-memory exporter). */
  tracing?: GatewayTracing;
  /** Where the monitor's `suspend` action suspends keys (the gateway's storage). */
  apiKeyStore?: ApiKeyStore;
  /** Shares monitor events with the other replicas (`monitoring.behaviour.backend: redis`); the caller closes it. */
  replicaBus?: ReplicaBus;
}

/** Builds the Fastify app: strict JSON parsing, the catalog's error format, and the API routes. */
export function buildGatewayApp(options: GatewayAppOptions): FastifyInstance {
  const { config } = options.services.current;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...loggerOptions(config.server.logLevel),
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: config.server.bodyLimit,
    // Request ids are ours: a client-chosen id could forge log lines or collide.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as Buffer, options.services.current.config.server.maxJsonDepth));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error, request, reply) => {
    const known = toBulwarkError(error);
    if (known.status >= 500) request.log.error({ err: error, code: known.code }, 'request failed');
    else request.log.info({ code: known.code }, 'request refused');
    const { status, body } = toWireError(known, request.id);
    void reply
      .code(status)
      .headers(known.headers ?? {})
      .send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const { status, body } = toWireError(new BulwarkError('NOT_FOUND'), request.id);
    void reply.code(status).send(body);
  });

  const metrics = createGatewayMetrics(options.services);
  app.decorate('observeAuditWrite', (seconds: number, ok: boolean) =>
    metrics.auditWrite.observe({ outcome: ok ? 'ok' : 'failed' }, seconds),
  );
  const behaviour = createBehaviourStage({
    config,
    alertStore: options.alertStore,
    apiKeyStore: options.apiKeyStore,
    replicaBus: options.replicaBus,
    metrics,
    audit: () => options.services.current.audit,
    log: () => app.log,
  });
  // Events still queued for the peers go out before the bus is closed.
  if (behaviour.shared) app.addHook('onClose', () => behaviour.shared?.close());
  const stages = withBehaviourStage(options.stages ?? chatStages, behaviour.stage);
  const tracing = options.tracing ?? createTracing(config.monitoring.tracing);
  if (tracing && !options.tracing) app.addHook('onClose', () => tracing.shutdown());
  const pipeline = createPipeline(instrumentStages(stages, metrics, tracing));
  const embeddingsPipeline = createPipeline(instrumentStages(embeddingsStages(stages), metrics, tracing));
  const identityPipeline = createPipeline(instrumentStages(identityOnlyStages(stages), metrics, tracing));
  if (config.monitoring.metrics.enabled)
    registerMetricsRoute(app, metrics, config.monitoring.metrics.bearerToken);
  registerSystemRoutes(app, options.services, identityPipeline);
  registerChatRoutes(app, options.services, pipeline);
  registerAnthropicRoutes(app, options.services, pipeline);
  registerEmbeddingsRoute(app, options.services, embeddingsPipeline);
  return app;
}
