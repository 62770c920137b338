import { BulwarkError, levelRank, type NamedStage } from '../../core/index.js';
import type { RequestContext } from '../context.js';
import { required } from './required.js';

/** What to do with content classified above the caller's clearance. */
export type ClearanceAction = 'redact' | 'block';

/**
 * Clearance joins the input decision: findings classified above the principal's clearance that the
 * policy would have let through unchanged (`allow`, `route`) are redacted before forwarding, or the
 * request is refused with CLEARANCE_EXCEEDED. Runs after `decideInput`, before `transformInput`.
 */
export function createClearanceCheck(onExceed: ClearanceAction = 'redact'): NamedStage<RequestContext> {
  return {
    name: 'clearance',
    async run(ctx, next) {
      const { clearance } = required(ctx.principal, 'principal');
      const scans = required(ctx.inputScans, 'inputScans');
      const above = scans.flatMap((s) =>
        s.actions.filter(
          (a) => (a.action === 'allow' || a.action === 'route') && levelRank(a.level) > levelRank(clearance),
        ),
      );
      if (above.length > 0) {
        if (onExceed === 'block')
          throw new BulwarkError('CLEARANCE_EXCEEDED', {
            details: { types: [...new Set(above.map((a) => a.finding.type))] },
          });
        for (const a of above) a.action = 'redact';
        ctx.log.info({ clearance, redacted: above.length }, 'content above clearance redacted');
      }
      await next();
    },
  };
}
