import type { FastifyInstance } from 'fastify';
import { can, type ApiKeyVerifier } from '../../auth/index.js';
import { BulwarkError } from '../../core/index.js';
import { presentedKey } from '../stages/authenticate.js';
import { ADMIN_ROUTES, type AdminDeps, type AdminRoute } from './admin-routes.js';

export const ADMIN_PREFIX = '/admin/v1';

export interface AdminApiOptions extends AdminDeps {
  verifier: ApiKeyVerifier;
  /** Replace the route table (tests). */
  routes?: readonly AdminRoute[];
}

/**
 * Mounts the admin REST API under `/admin/v1`. Every route authenticates with an API key (Bearer or
 * x-api-key; never the anonymous principal) and checks its declared permissions before its handler
 * runs. Errors use the gateway's catalog format through the app's error handler.
 */
export function registerAdminApi(app: FastifyInstance, options: AdminApiOptions): void {
  for (const route of options.routes ?? ADMIN_ROUTES) {
    app.route({
      method: route.method,
      url: ADMIN_PREFIX + route.path,
      // Read by the route × role test: a route without permissions is a failing route.
      config: { permissions: route.permissions },
      async handler(request, reply) {
        const token = presentedKey(request.headers);
        if (token === undefined) throw new BulwarkError('UNAUTHENTICATED');
        const { principal } = await options.verifier.verify(token);
        if (!route.permissions.some((p) => can(principal, p))) throw new BulwarkError('FORBIDDEN');
        const result = await route.handler(
          { principal, params: request.params as Record<string, string>, body: request.body },
          options,
        );
        void reply.header('cache-control', 'no-store');
        return result;
      },
    });
  }
}
