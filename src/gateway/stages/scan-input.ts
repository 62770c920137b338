import type { NamedStage } from '../../core/index.js';
import type { Scanner } from '../../detect/engine.js';
import { evaluate, typesNeeding } from '../../policy/index.js';
import { textSlots } from '../chat/text-slots.js';
import type { RequestContext, SlotScan } from '../context.js';
import { guardedScan } from '../guard/guarded-scan.js';
import { required } from './required.js';

/** Roles whose text the application itself wrote. */
const OPERATOR_ROLES = new Set(['system', 'developer']);

// Operator text skips injection: the list without it is kept per needed-types list (stable, as
// typesNeeding returns the same array for the same rules) or per scanner when everything is needed.
const withoutInjectionFor = new WeakMap<object, readonly string[]>();
function withoutInjection(
  types: readonly string[] | undefined,
  entities: Scanner['entities'],
): readonly string[] {
  const key = types ?? entities;
  let list = withoutInjectionFor.get(key);
  if (!list) {
    list = (types ?? [...entities.keys()]).filter((t) => entities.get(t)?.category !== 'injection');
    withoutInjectionFor.set(key, list);
  }
  return list;
}

/** Scans every text of every message (tool results and documents as untrusted) and applies the input rules. */
export const scanInput: NamedStage<RequestContext> = {
  name: 'scanInput',
  async run(ctx, next) {
    const policy = required(ctx.policy, 'policy');
    const { scanner } = ctx.services;
    const scans: SlotScan[] = [];
    // Recognisers whose findings would all be allowed are skipped.
    const types = typesNeeding(policy.input, scanner.entities, policy.classification);
    for (const slot of textSlots(ctx.request.messages)) {
      const text = slot.get();
      if (text === '') continue;
      const operator = OPERATOR_ROLES.has(slot.role) && slot.source === 'trusted';
      const findings = await guardedScan(text, {
        scanner,
        source: slot.source,
        minScore: policy.input.minScore,
        timeoutMs: policy.guardrailTimeoutMs,
        failOpen: policy.failOpen,
        signal: ctx.signal,
        log: ctx.log,
        types:
          operator && !policy.input.injectionInSystem ? withoutInjection(types, scanner.entities) : types,
      });
      if (findings.length === 0) continue;
      const { actions } = evaluate({
        findings,
        rules: policy.input,
        entities: scanner.entities,
        classification: policy.classification,
      });
      scans.push({ slot, actions });
    }
    ctx.inputScans = scans;
    await next();
  },
};
