import { BulwarkError, type NamedStage } from '../../core/index.js';
import { resolvePolicy } from '../../policy/index.js';
import type { RequestContext } from '../context.js';
import { candidatesFor } from '../routing/model-router.js';

/** Maps the requested model to upstream candidates (alias, then fallbacks) and picks the policy for this route and caller. */
export const selectRoute: NamedStage<RequestContext> = {
  name: 'selectRoute',
  async run(ctx, next) {
    const { config } = ctx.services;
    const candidates = candidatesFor(config, ctx.request.model);
    if (candidates.length === 0) throw new BulwarkError('MODEL_NOT_FOUND');
    ctx.candidates = candidates;
    const p = ctx.principal;
    ctx.policy = resolvePolicy(config.policy, {
      model: ctx.request.model,
      path: ctx.path,
      ...(p ? { caller: { tenant: p.tenant, roles: p.roles, ids: p.keyId ? [p.id, p.keyId] : [p.id] } } : {}),
    });
    await next();
  },
};
