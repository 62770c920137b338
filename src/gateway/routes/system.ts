import type { FastifyInstance } from 'fastify';
import { modelsInScope } from '../../auth/index.js';
import type { ServicesRef } from '../app.js';
import type { RequestContext } from '../context.js';
import { required } from '../stages/required.js';
import { listModels } from '../routing/model-router.js';
import { requestContext, runAudited } from './run-chat.js';

/**
 * `/healthz` (process alive), `/readyz` (config loaded, upstreams configured), and `GET /v1/models`,
 * which authenticates like any model route and lists only the models the caller's key may call.
 */
export function registerSystemRoutes(
  app: FastifyInstance,
  services: ServicesRef,
  identityPipeline: (ctx: RequestContext) => Promise<void>,
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const { config, breakerFor } = services.current;
    const upstreams = Object.keys(config.upstreams).map((name) => ({
      name,
      circuit: breakerFor(name).state,
    }));
    const ready = upstreams.some((u) => u.circuit !== 'open');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', upstreams });
  });

  app.get('/v1/models', async (request, reply) => {
    const chat = { model: '', messages: [] };
    const { ctx, record } = requestContext(request, reply, services, chat, 'models');
    await runAudited(ctx, identityPipeline, record);
    const principal = required(ctx.principal, 'principal');
    const data = modelsInScope(principal, listModels(ctx.services.config)).map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'bulwark',
    }));
    await record({ status: 200 });
    return reply.code(200).send({ object: 'list', data });
  });
}
