import { z } from 'zod';
import { BulwarkError } from '../../core/index.js';
import type { AlertStore } from '../../storage/index.js';
import { ALERT_STATUSES } from '../../storage/index.js';
import { parseInput } from './admin-helpers.js';
import type { AdminRoute } from './admin-routes.js';

const listQuery = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']).optional(),
  detector: z.string().min(1).max(128).optional(),
});

/**
 * Monitoring alerts on the admin API: `GET /alerts` (open and acknowledged), `GET /alerts/:id`, `POST /alerts/:id/ack`.
 * Mount with `routes: [...ADMIN_ROUTES, ...alertRoutes(storage.alerts)]`. Alerts are not
 * tenant-scoped (a subject may span tenants), so only roles holding `alerts:*` reach them.
 */
export function alertRoutes(store: AlertStore): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/alerts',
      permissions: ['alerts:read'],
      async handler(request) {
        // Open alerts first, then the rest, 100 each at most; ?status, ?severity, ?detector narrow it.
        const { status, severity, detector } = parseInput(listQuery, request.query);
        const statuses = status ? [status] : (['open', 'acknowledged'] as const);
        const lists = await Promise.all(statuses.map((s) => store.list({ status: s, limit: 100 })));
        const data = lists
          .flat()
          .filter(
            (a) =>
              (severity === undefined || a.severity === severity) && (detector ?? a.detector) === a.detector,
          );
        return { data };
      },
    },
    {
      method: 'GET',
      path: '/alerts/:id',
      permissions: ['alerts:read'],
      async handler(request) {
        const alert = await store.get(request.params.id ?? '');
        if (!alert) throw new BulwarkError('NOT_FOUND');
        return alert;
      },
    },
    {
      method: 'POST',
      path: '/alerts/:id/ack',
      permissions: ['alerts:manage'],
      async handler(request, deps) {
        const id = request.params.id ?? '';
        const acked = await store.acknowledge(id, request.principal.id, new Date().toISOString());
        await deps.audit?.({
          action: 'alerts.ack',
          target: id.slice(0, 256),
          outcome: acked ? 'success' : 'failure',
          principal: request.principal.id,
          tenant: request.principal.tenant,
          role: request.principal.roles.join(','),
        });
        if (!acked) throw new BulwarkError('NOT_FOUND');
        return acked;
      },
    },
  ];
}
