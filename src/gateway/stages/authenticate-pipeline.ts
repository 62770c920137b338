import type { NamedStage } from '../../core/index.js';
import type { Budgets, Limits } from '../../limits/index.js';
import type { RequestContext } from '../context.js';
import { chatStages } from '../pipeline.js';
import { createAuthenticate, type AuthenticateOptions } from './authenticate.js';
import { authorize } from './authorize.js';
import { createRateLimit } from './rate-limit.js';

export interface IdentityStagesOptions extends AuthenticateOptions {
  /** Absent: no limits stage. */
  limits?: Limits;
  /** Currency budgets, checked by the limits stage (needs `limits`). */
  budgets?: Budgets;
}

/**
 * The chat stages with identity in its slots: `authenticate` (API keys) replaces the anonymous one,
 * then `authorize` and `rateLimit` run before any route is selected or any text is scanned.
 */
export function identityStages(
  options: IdentityStagesOptions,
  base: readonly NamedStage<RequestContext>[] = chatStages,
): NamedStage<RequestContext>[] {
  const at = base.findIndex((s) => s.name === 'authenticate');
  if (at < 0) throw new Error('pipeline: no authenticate stage to replace');
  return [
    ...base.slice(0, at),
    createAuthenticate(options),
    authorize,
    ...(options.limits ? [createRateLimit(options.limits, options.budgets)] : []),
    ...base.slice(at + 1),
  ];
}
