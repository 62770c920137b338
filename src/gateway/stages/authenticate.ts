import type { NamedStage } from '../../core/index.js';
import type { RequestContext } from '../context.js';

/**
 * Resolves who is calling. Until identity (issue 5) lands, every request gets the anonymous
 * principal from the config: that is why the gateway binds to loopback by default.
 */
export const authenticate: NamedStage<RequestContext> = {
  name: 'authenticate',
  async run(ctx, next) {
    const { anonymous } = ctx.services.config;
    ctx.principal = {
      id: 'anonymous',
      tenant: anonymous.tenant,
      kind: 'anonymous',
      roles: anonymous.roles,
      clearance: anonymous.clearance,
    };
    await next();
  },
};
