import type { FastifyReply, FastifyRequest } from 'fastify';
import { toWireError } from '../../core/index.js';
import { auditRequest, type RequestOutcome } from '../audit-request.js';
import type { ServicesRef } from '../app.js';
import type { ChatChunk, ChatCompletion, ChatRequest } from '../chat/openai-types.js';
import type { RequestContext, RouteKind } from '../context.js';
import { TokenVault } from '../guard/token-vault.js';
import { UpstreamFailure } from '../providers/upstream-failure.js';
import { toClientError } from '../routing/forward.js';
import { SseWriter } from '../sse-writer.js';

/** How a route renders results in its own API's format. */
export interface ChatRenderer {
  json(body: ChatCompletion): unknown;
  /** Turns gateway chunks into (event, data) frames of the client's protocol. */
  stream(chunks: AsyncIterable<ChatChunk>): AsyncIterable<{ event?: string; data: unknown }>;
  /** Frame name for an in-stream error (Anthropic uses `event: error`). */
  errorEvent?: string;
  /** Sent after the last frame (`[DONE]` for OpenAI). */
  done?: string;
}

/** A request's context, the controller its client's disconnect aborts, and its audit writer. */
export interface StartedRequest {
  ctx: RequestContext;
  controller: AbortController;
  /** Appends the request's audit record; the client is answered only after it resolves. */
  record(outcome: RequestOutcome): Promise<void>;
}

/** Builds the pipeline context of one request; the client's disconnect aborts every upstream call. */
export function requestContext(
  request: FastifyRequest,
  reply: FastifyReply,
  services: ServicesRef,
  chat: ChatRequest,
  route: RouteKind,
): StartedRequest {
  const controller = new AbortController();
  // The response's close (not the request's, which fires once the body is read) means the client left.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  const ctx: RequestContext = {
    id: request.id,
    route,
    path: request.routeOptions.url ?? request.url,
    log: request.log,
    signal: controller.signal,
    services: services.current,
    request: chat,
    headers: request.headers,
    clientIp: request.ip,
    vault: new TokenVault(),
  };
  const startedAt = performance.now();
  // Every outcome is audited before the client hears it (durable mode): refusals, answers, streams.
  const record = async (outcome: RequestOutcome): Promise<void> => {
    if (!ctx.services.audit) return;
    const t0 = performance.now();
    let ok = false;
    try {
      await auditRequest(ctx.services.audit, ctx, outcome, startedAt);
      ok = true;
    } finally {
      request.server.observeAuditWrite((performance.now() - t0) / 1000, ok);
    }
  };
  return { ctx, controller, record };
}

/** Runs the pipeline; a refusal or failure is audited before it propagates to the error handler. */
export async function runAudited(
  ctx: RequestContext,
  pipeline: (ctx: RequestContext) => Promise<void>,
  record: StartedRequest['record'],
): Promise<void> {
  try {
    await pipeline(ctx);
  } catch (error) {
    const { status, body } = toWireError(error instanceof UpstreamFailure ? toClientError(error) : error);
    await record({ status, code: body.error.code });
    throw error;
  }
}

/**
 * Runs the pipeline for one normalised chat request and writes the answer. The client's
 * disconnect aborts the upstream call; a block mid-stream ends the stream with an error frame.
 */
export async function runChat(
  request: FastifyRequest,
  reply: FastifyReply,
  services: ServicesRef,
  pipeline: (ctx: RequestContext) => Promise<void>,
  chat: ChatRequest,
  route: RouteKind,
  render: ChatRenderer,
): Promise<void> {
  const { ctx, controller, record } = requestContext(request, reply, services, chat, route);
  await runAudited(ctx, pipeline, record);
  const result = ctx.result;
  if (!result) throw new Error('pipeline finished without a result');
  if (result.kind === 'json') {
    const body = render.json(result.body);
    await record({ status: 200, response: JSON.stringify(body), usage: result.body.usage });
    await reply.code(200).send(body);
    return;
  }
  reply.hijack();
  const sse = new SseWriter(reply.raw);
  let opened = false;
  const sent: string[] = [];
  let usage: unknown;
  try {
    for await (const frame of render.stream(result.chunks)) {
      if (!opened) {
        sse.open(request.id);
        opened = true;
      }
      sent.push(JSON.stringify(frame.data));
      usage = (frame.data as { usage?: unknown } | null)?.usage ?? usage;
      await sse.send(frame.data, frame.event);
      // Yield so the frame leaves now: Node corks a response until the next tick, and a burst of
      // buffered upstream chunks would otherwise be flushed only at the end.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (sse.closed) {
        controller.abort(new Error('client disconnected'));
        await record({ status: 499, code: 'CLIENT_DISCONNECTED', response: sent.join('\n') });
        return;
      }
    }
    if (!opened) sse.open(request.id);
    await record({ status: 200, response: sent.join('\n'), usage });
    if (render.done) await sse.send(render.done);
    sse.end();
  } catch (error) {
    if (error instanceof UpstreamFailure && error.kind === 'aborted') {
      await record({ status: 499, code: 'CLIENT_DISCONNECTED', response: sent.join('\n') }).catch(
        () => undefined,
      );
      return;
    }
    const known = error instanceof UpstreamFailure ? toClientError(error) : error;
    const code = (known as { code?: string }).code ?? 'INTERNAL';
    request.log.warn({ code }, 'stream ended with an error');
    await record({ status: toWireError(known).status, code, response: sent.join('\n') }).catch(
      () => undefined,
    );
    if (!opened) {
      const { status, body } = toWireError(known, request.id);
      reply.raw.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-request-id': request.id,
      });
      reply.raw.end(JSON.stringify(body));
      return;
    }
    await sse.fail(known, request.id, render.errorEvent);
  }
}
