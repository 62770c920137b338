import { assertInScope, assertTenant, requirePermission } from '../../auth/index.js';
import type { NamedStage } from '../../core/index.js';
import type { RequestContext } from '../context.js';
import { required } from './required.js';

/** Header a client may send to assert which tenant it acts for; a mismatch is refused, not ignored. */
export const TENANT_HEADER = 'x-bulwark-tenant';

/**
 * Checks the authenticated principal may make this call: the `models:call` permission, the key's model
 * and route scopes, and the tenant it claims. The anonymous principal exists only where the config
 * allows it, so its permission is the config's decision; scopes and tenant still apply.
 */
export const authorize: NamedStage<RequestContext> = {
  name: 'authorize',
  async run(ctx, next) {
    const principal = required(ctx.principal, 'principal');
    if (principal.kind !== 'anonymous') requirePermission(principal, 'models:call');
    if (ctx.route === 'models') {
      // A listing names no model: the route shows only the models in scope (modelsInScope).
      const { models: _listed, ...routeScope } = principal.scopes ?? {};
      assertInScope({ scopes: routeScope }, { route: ctx.path });
    } else assertInScope(principal, { model: ctx.request.model, route: ctx.path });
    const tenant = ctx.headers[TENANT_HEADER];
    assertTenant(principal, Array.isArray(tenant) ? tenant.join(',') : tenant);
    await next();
  },
};
