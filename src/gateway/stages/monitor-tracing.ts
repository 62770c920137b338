import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { BulwarkConfig } from '../../config/index.js';
import type { NamedStage } from '../../core/index.js';
import { whenUsageKnown } from '../chat/usage.js';
import type { RequestContext } from '../context.js';
import { toBulwarkError } from '../errors.js';

type TracingConfig = BulwarkConfig['monitoring']['tracing'];

/** A tracer of our own provider (never the global one) and how to flush it on close. */
export interface GatewayTracing {
  tracer: Tracer;
  /** Whether prompt content may go into spans (`monitoring.tracing.captureContent`). */
  captureContent: boolean;
  shutdown(): Promise<void>;
}

/** OTLP/HTTP export when `monitoring.tracing.enabled`; undefined otherwise. */
export function createTracing(config: TracingConfig): GatewayTracing | undefined {
  if (!config.enabled) return undefined;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new TraceIdRatioBasedSampler(config.sampleRatio),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpUrl, headers: config.headers })),
    ],
  });
  return {
    tracer: provider.getTracer('bulwark-gateway'),
    captureContent: config.captureContent,
    shutdown: () => provider.shutdown(),
  };
}

const roots = new WeakMap<RequestContext, Span>();

/**
 * The request span, following the OpenTelemetry GenAI semantic conventions (`gen_ai.*`), with the
 * outcome, decision and token usage. Prompt text is attached only when `captureContent` allows it,
 * and then only as forwarded upstream (after redaction/tokenization).
 */
export function traceRequest(
  tracing: GatewayTracing,
  modelLabel: (model: string) => string,
): NamedStage<RequestContext> {
  return {
    name: 'trace',
    async run(ctx, next) {
      const model = modelLabel(ctx.request.model);
      const span = tracing.tracer.startSpan(`chat ${model}`, {
        kind: SpanKind.SERVER,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': model,
          'bulwark.route': ctx.route,
          'bulwark.request_id': ctx.id,
          ...(typeof ctx.request.max_tokens === 'number'
            ? { 'gen_ai.request.max_tokens': ctx.request.max_tokens }
            : {}),
          ...(typeof ctx.request.temperature === 'number'
            ? { 'gen_ai.request.temperature': ctx.request.temperature }
            : {}),
        },
      });
      roots.set(ctx, span);
      try {
        await next();
        span.setStatus({ code: SpanStatusCode.OK });
      } catch (error) {
        const code = toBulwarkError(error).code;
        span.setAttribute('error.type', code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        throw error;
      } finally {
        if (ctx.served) {
          span.setAttribute('gen_ai.provider.name', ctx.served.config.kind);
          span.setAttribute('bulwark.upstream', ctx.served.upstream);
        }
        if (ctx.inputDecision) {
          span.setAttribute('bulwark.decision.action', ctx.inputDecision.action);
          span.setAttribute('bulwark.findings.count', ctx.inputDecision.findings.length);
          span.setAttribute('bulwark.findings.types', [
            ...new Set(ctx.inputDecision.findings.map((f) => f.type)),
          ]);
        }
        if (tracing.captureContent && ctx.inputDecision)
          span.setAttribute('gen_ai.input.messages', JSON.stringify(ctx.request.messages));
        // A streamed answer's span ends with the stream, carrying its usage.
        whenUsageKnown(ctx, (usage) => {
          if (usage?.input !== undefined) span.setAttribute('gen_ai.usage.input_tokens', usage.input);
          if (usage?.output !== undefined) span.setAttribute('gen_ai.usage.output_tokens', usage.output);
          span.end();
        });
      }
    },
  };
}

/** A child span of the request span around one stage (its whole onion, as compose runs it). */
export function traceStage(tracer: Tracer, stage: NamedStage<RequestContext>): NamedStage<RequestContext> {
  return {
    name: stage.name,
    async run(ctx, next) {
      const root = roots.get(ctx);
      if (!root) return stage.run(ctx, next);
      const span = tracer.startSpan(
        `bulwark.stage ${stage.name}`,
        { kind: SpanKind.INTERNAL, attributes: { 'bulwark.stage': stage.name } },
        trace.setSpan(ROOT_CONTEXT, root),
      );
      try {
        await stage.run(ctx, next);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: toBulwarkError(error).code });
        throw error;
      } finally {
        span.end();
      }
    },
  };
}
