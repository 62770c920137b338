import type { NamedStage } from '../../core/index.js';
import type { Budgets, Limits } from '../../limits/index.js';
import type { RequestContext } from '../context.js';
import { chatStages } from '../pipeline.js';
import { createAuthenticate, type AuthenticateOptions } from './authenticate.js';
import { authorize } from './authorize.js';
import { createClearanceCheck, type ClearanceAction } from './authorize-clearance.js';
import { createRateLimit } from './rate-limit.js';

export interface IdentityStagesOptions extends AuthenticateOptions {
  /** Absent: the limits stage passes requests through (it stays, so a reload can add limits). */
  limits?: Limits;
  /** Currency budgets, checked by the limits stage (needs `limits`). */
  budgets?: Budgets;
  /** Content above the caller's clearance: redacted (default) or refused. */
  clearance?: ClearanceAction;
}

/**
 * The chat stages with identity in its slots: `authenticate` (API keys) replaces the anonymous one,
 * then `authorize` and `rateLimit` run before any route is selected or any text is scanned; `clearance`
follows `decideInput` so content above the caller's clearance is redacted or refused.
 */
export function identityStages(
  options: IdentityStagesOptions,
  base: readonly NamedStage<RequestContext>[] = chatStages,
): NamedStage<RequestContext>[] {
  const at = base.findIndex((s) => s.name === 'authenticate');
  if (at < 0) throw new Error('pipeline: no authenticate stage to replace');
  const stages = [
    ...base.slice(0, at),
    createAuthenticate(options),
    authorize,
    createRateLimit(options.limits, options.budgets),
    ...base.slice(at + 1),
  ];
  const decide = stages.findIndex((s) => s.name === 'decideInput');
  if (decide >= 0) stages.splice(decide + 1, 0, createClearanceCheck(options.clearance));
  return stages;
}
