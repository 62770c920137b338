import { z } from 'zod';
import { createTenantService, TENANT_ID } from '../../auth/index.js';
import { BulwarkError } from '../../core/index.js';
import type { TenantRecord } from '../../storage/index.js';
import { isAdmin, parseInput, recordAction } from './admin-helpers.js';
import type { AdminDeps, AdminRoute } from './admin-routes.js';

const createBody = z.strictObject({
  id: z.string().regex(TENANT_ID),
  name: z.string().min(1).max(128).optional(),
});
const updateBody = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  disabled: z.boolean().optional(),
});

/** A tenant as listed: registered ones with their record, implied ones (named by users or keys) bare. */
function view(id: string, record: TenantRecord | undefined) {
  return {
    id,
    name: record?.name ?? id,
    registered: record !== undefined,
    disabled: record?.disabledAt !== undefined,
    ...(record?.disabledAt ? { disabledAt: record.disabledAt } : {}),
  };
}

const service = (deps: AdminDeps) => createTenantService(deps.storage.tenants);

/**
 * Tenants: `GET /tenants` (registered ones and those implied by users and keys; non-admins see
 * their own), `POST /tenants` (register), `POST /tenants/:id` (rename, disable, re-enable). A
 * disabled tenant's keys get TENANT_DISABLED and its console users are signed out, within the
 * tenant cache's 5 s on every replica. Nobody disables the tenant they are signed in to.
 */
export function tenantRoutes(): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/tenants',
      permissions: ['tenants:read'],
      async handler({ principal }, deps) {
        const [records, users, keys] = await Promise.all([
          deps.storage.tenants.list(),
          deps.storage.users.list(),
          deps.storage.apiKeys.list(),
        ]);
        const byId = new Map(records.map((r) => [r.id, r]));
        const ids = new Set([...byId.keys(), ...users.map((u) => u.tenant), ...keys.map((k) => k.tenant)]);
        const visible = [...ids].filter((t) => isAdmin(principal) || t === principal.tenant).sort();
        return { data: visible.map((id) => view(id, byId.get(id))) };
      },
    },
    {
      method: 'POST',
      path: '/tenants',
      permissions: ['tenants:manage'],
      async handler({ principal, body }, deps) {
        const input = parseInput(createBody, body);
        const created = await service(deps)
          .create({ id: input.id, ...(input.name ? { name: input.name } : {}) })
          .catch(async (error: unknown) => {
            await recordAction(deps, principal, 'tenants.create', input.id, false);
            throw error;
          });
        await recordAction(deps, principal, 'tenants.create', created.id, true);
        return view(created.id, created);
      },
    },
    {
      method: 'POST',
      path: '/tenants/:id',
      permissions: ['tenants:manage'],
      async handler({ principal, params, body }, deps) {
        const id = params.id ?? '';
        const input = parseInput(updateBody, body);
        if (input.disabled === true && id === principal.tenant) throw new BulwarkError('FORBIDDEN');
        const action =
          input.disabled === undefined
            ? 'tenants.update'
            : input.disabled
              ? 'tenants.disable'
              : 'tenants.enable';
        const updated = await service(deps)
          .update(id, {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
          })
          .catch(async (error: unknown) => {
            await recordAction(deps, principal, action, id, false);
            throw error;
          });
        deps.tenants?.forget(id);
        await recordAction(deps, principal, action, id, true);
        return view(updated.id, updated);
      },
    },
  ];
}
