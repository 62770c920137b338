import { BulwarkError } from '../../core/index.js';
import type { AlertStore } from '../../storage/index.js';
import type { AdminRoute } from './admin-routes.js';

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
      async handler() {
        // Admin requests carry no query string: open alerts first, then the rest, 100 each at most.
        const open = await store.list({ status: 'open', limit: 100 });
        const acknowledged = await store.list({ status: 'acknowledged', limit: 100 });
        return { data: [...open, ...acknowledged] };
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
