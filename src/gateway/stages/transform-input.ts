import type { NamedStage } from '../../core/index.js';
import type { RequestContext } from '../context.js';
import { applyActions } from '../guard/apply-actions.js';
import { createCanary } from '../../detect/injection/canary.js';
import { plantCanary, systemPromptOf } from '../guard/canary.js';
import { required } from './required.js';

/** Redacts and tokenises the scanned spans in place, records the system prompt for leak checks, then plants the canary (after scanning, on purpose). */
export const transformInput: NamedStage<RequestContext> = {
  name: 'transformInput',
  async run(ctx, next) {
    for (const { slot, actions } of required(ctx.inputScans, 'inputScans')) {
      slot.set(applyActions(slot.get(), actions, ctx.vault));
    }
    ctx.systemPrompt = systemPromptOf(ctx.request.messages);
    if (required(ctx.policy, 'policy').canary) {
      const canary = createCanary();
      if (plantCanary(ctx.request.messages, canary)) ctx.canary = canary.token;
    }
    await next();
  },
};
