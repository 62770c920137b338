import { BulwarkError, maxLevel, type Action, type Level, type NamedStage } from '../../core/index.js';
import { stricter } from '../../policy/index.js';
import type { RequestContext } from '../context.js';
import { required } from './required.js';

/**
 * One decision for the whole input: block with a stable code (never the matched text), or keep
 * `route` content on trusted upstreams only. Redact/tokenize are carried out by `transformInput`.
 */
export const decideInput: NamedStage<RequestContext> = {
  name: 'decideInput',
  async run(ctx, next) {
    const scans = required(ctx.inputScans, 'inputScans');
    let action: Action = 'allow';
    let level: Level = 'public';
    const reasons = new Set<string>();
    const blockedCategories = new Set<string>();
    for (const { actions } of scans) {
      for (const a of actions) {
        action = stricter(action, a.action);
        level = maxLevel(level, a.level);
        if (a.action !== 'allow') reasons.add(`${a.finding.type}:${a.action}`);
        if (a.action === 'block')
          blockedCategories.add(ctx.services.scanner.entities.get(a.finding.type)?.category ?? 'unknown');
      }
    }
    ctx.inputDecision = {
      action,
      level,
      reasons: [...reasons],
      findings: scans.flatMap((s) => s.actions.map((a) => a.finding)),
    };
    ctx.log.info({ decision: { action, level, reasons: [...reasons] } }, 'input decision');
    if (action === 'block') {
      const code = blockedCategories.has('injection')
        ? 'PROMPT_INJECTION_BLOCKED'
        : 'SENSITIVE_INPUT_BLOCKED';
      throw new BulwarkError(code, { details: { reasons: [...reasons] } });
    }
    if (scans.some((s) => s.actions.some((a) => a.action === 'route'))) {
      const trusted = required(ctx.candidates, 'candidates').filter((c) => c.config.trusted);
      if (trusted.length === 0) throw new BulwarkError('NO_TRUSTED_UPSTREAM');
      ctx.candidates = trusted;
    }
    await next();
  },
};
