import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BulwarkError } from '../../core/index.js';
import type { GatewayMetrics } from './metrics-registry.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * `GET /metrics` in Prometheus text format, and an HTTP counter labelled with the *registered*
 * route pattern (unmatched paths are `unmatched`, so scanners cannot mint label values).
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: GatewayMetrics,
  bearerToken?: string,
): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    metrics.httpRequests.inc({ route, method, status: String(reply.statusCode) });
  });
  app.get('/metrics', async (request, reply) => {
    if (bearerToken !== undefined && !sameSecret(request.headers.authorization, `Bearer ${bearerToken}`))
      throw new BulwarkError('UNAUTHENTICATED');
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}

/** Constant-time comparison of fixed-length digests (lengths would leak through timingSafeEqual). */
function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (v: string): Buffer => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given ?? ''), digest(expected));
}
