import type { NamedStage } from '../../core/index.js';
import type { RequestContext } from '../context.js';
import { forwardWithFallbacks } from '../routing/forward.js';
import { required } from './required.js';

/** Sends the transformed request upstream: candidates in order, retries, breakers, timeouts. */
export const forward: NamedStage<RequestContext> = {
  name: 'forward',
  async run(ctx, next) {
    const { services } = ctx;
    const { value, candidate, attempts } = await forwardWithFallbacks({
      candidates: required(ctx.candidates, 'candidates'),
      request: ctx.request,
      signal: ctx.signal,
      http: services.http,
      providerFor: (c) => services.providerFor(c),
      breakerFor: (u) => services.breakerFor(u),
      call: (provider, call) => provider.chat(call),
      onAttempt: (c, attempt, failure) => {
        if (failure)
          ctx.log.warn(
            { upstream: c.upstream, attempt, failure: failure.kind, status: failure.status },
            'retrying upstream',
          );
      },
    });
    ctx.served = candidate;
    ctx.result = value;
    ctx.log.info({ upstream: candidate.upstream, model: candidate.model, attempts }, 'upstream answered');
    await next();
  },
};
