import type { NamedStage } from '../../core/index.js';
import type { Scanner } from '../../detect/engine.js';
import { evaluate, typesNeeding, type EffectivePolicy, type InputActionRules } from '../../policy/index.js';
import { textSlots } from '../chat/text-slots.js';
import type { RequestContext, SlotScan } from '../context.js';
import { guardedScan } from '../guard/guarded-scan.js';
import { required } from './required.js';

/** Roles whose text the application itself wrote. */
const OPERATOR_ROLES = new Set(['system', 'developer']);

type Entities = Scanner['entities'];

// The types a policy needs scanned, once per (rules, scanner): the rules object is the config's own
// unless a route override merged a new one, so the engine's per-types-list cache keeps hitting.
const neededTypes = new WeakMap<
  InputActionRules,
  WeakMap<Entities, { types?: string[]; withoutInjection: string[] }>
>();
function typesFor(policy: EffectivePolicy, entities: Entities) {
  let byScanner = neededTypes.get(policy.input);
  if (!byScanner) neededTypes.set(policy.input, (byScanner = new WeakMap()));
  let entry = byScanner.get(entities);
  if (!entry) {
    const types = typesNeeding(policy.input, entities, policy.classification);
    const withoutInjection = (types ?? [...entities.keys()]).filter(
      (t) => entities.get(t)?.category !== 'injection',
    );
    entry = { ...(types ? { types } : {}), withoutInjection };
    byScanner.set(entities, entry);
  }
  return entry;
}

/** Scans every text of every message (tool results and documents as untrusted) and applies the input rules. */
export const scanInput: NamedStage<RequestContext> = {
  name: 'scanInput',
  async run(ctx, next) {
    const policy = required(ctx.policy, 'policy');
    const { scanner } = ctx.services;
    const scans: SlotScan[] = [];
    // Recognisers whose findings would all be allowed are skipped.
    const { types, withoutInjection } = typesFor(policy, scanner.entities);
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
        types: operator && !policy.input.injectionInSystem ? withoutInjection : types,
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
