import { compose, type NamedStage } from '../core/index.js';
import type { RequestContext } from './context.js';
import { authenticate } from './stages/authenticate.js';
import { conversation } from './stages/conversation.js';
import { decideInput } from './stages/decide-input.js';
import { forward } from './stages/forward.js';
import { guardOutput } from './stages/guard-output.js';
import { restore } from './stages/restore.js';
import { scanInput } from './stages/scan-input.js';
import { selectRoute } from './stages/select-route.js';
import { transformInput } from './stages/transform-input.js';

/**
 * The chat pipeline, in order (docs/pipeline.md draws it). Identity, rate limits and audit slot in
 * by name: `authorize` and `rateLimit` after `authenticate`, `audit` first (it wraps the rest).
 */
export const chatStages: readonly NamedStage<RequestContext>[] = [
  authenticate,
  selectRoute,
  conversation,
  scanInput,
  decideInput,
  transformInput,
  forward,
  guardOutput,
  restore,
];

/** Builds the runnable pipeline from a stage list (the default is `chatStages`). */
export function createPipeline(
  stages: readonly NamedStage<RequestContext>[] = chatStages,
): (ctx: RequestContext) => Promise<void> {
  return compose(stages);
}
