import type { FastifyInstance } from 'fastify';
import type { ServicesRef } from '../app.js';
import { listModels } from '../routing/model-router.js';

/** `/healthz` (process alive), `/readyz` (config loaded, upstreams configured), `GET /v1/models`. */
export function registerSystemRoutes(app: FastifyInstance, services: ServicesRef): void {
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

  app.get('/v1/models', async () => ({
    object: 'list',
    data: listModels(services.current.config).map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: 'bulwark',
    })),
  }));
}
