import type { NamedStage } from '../../core/index.js';
import { mapCompletionText, mapStreamText } from '../chat/map-text.js';
import type { RequestContext } from '../context.js';
import { required } from './required.js';

/** Puts tokenised originals back into the response for a principal cleared for their level. */
export const restore: NamedStage<RequestContext> = {
  name: 'restore',
  async run(ctx, next) {
    const result = required(ctx.result, 'result');
    const { clearance } = required(ctx.principal, 'principal');
    const { vault } = ctx;
    if (vault.size > 0) {
      ctx.result =
        result.kind === 'json'
          ? {
              kind: 'json',
              body: await mapCompletionText(result.body, (text, kind) =>
                vault.restore(text, clearance, kind === 'arguments'),
              ),
            }
          : {
              kind: 'stream',
              chunks: mapStreamText(result.chunks, (kind) =>
                vault.createRestorer(clearance, kind === 'arguments'),
              ),
            };
    }
    await next();
  },
};
