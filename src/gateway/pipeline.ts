import { compose, type NamedStage } from '../core/index.js';
import type { RequestContext } from './context.js';
import { authenticate } from './stages/authenticate.js';
import { conversation } from './stages/conversation.js';
import { decideInput } from './stages/decide-input.js';
import { forward } from './stages/forward.js';
import { forwardEmbeddings } from './stages/forward-embeddings.js';
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

/** Stages with nothing to act on in an embeddings answer (vectors): no history, no text to scan or restore. */
const CHAT_ONLY = new Set(['conversation', 'guardOutput', 'restore']);

/**
 * The embeddings pipeline, derived from the chat one so identity, limits, monitoring and input
 * guardrails are the same stages: chat-only stages drop out and `forward` calls the embeddings API.
 */
export function embeddingsStages(
  stages: readonly NamedStage<RequestContext>[],
): NamedStage<RequestContext>[] {
  return stages
    .filter((s) => !CHAT_ONLY.has(s.name))
    .map((s) => (s.name === 'forward' ? forwardEmbeddings : s));
}

/** The identity stages alone (`authenticate`, `authorize` where present): what `GET /v1/models` runs. */
export function identityOnlyStages(
  stages: readonly NamedStage<RequestContext>[],
): NamedStage<RequestContext>[] {
  let end = 0;
  stages.forEach((s, i) => {
    if (s.name === 'authenticate' || s.name === 'authorize') end = i + 1;
  });
  return stages.slice(0, end);
}
