import type { NamedStage } from '../../core/index.js';
import { evaluate, typesNeeding } from '../../policy/index.js';
import { textSlots } from '../chat/text-slots.js';
import type { RequestContext, SlotScan } from '../context.js';
import { guardedScan } from '../guard/guarded-scan.js';
import { required } from './required.js';

/** Roles whose text the application itself wrote. */
const OPERATOR_ROLES = new Set(['system', 'developer']);

/** Scans every text of every message (tool results and documents as untrusted) and applies the input rules. */
export const scanInput: NamedStage<RequestContext> = {
  name: 'scanInput',
  async run(ctx, next) {
    const policy = required(ctx.policy, 'policy');
    const { scanner } = ctx.services;
    const scans: SlotScan[] = [];
    // Recognisers whose findings would all be allowed are skipped.
    const types = typesNeeding(policy.input, scanner.entities, policy.classification);
    const withoutInjection = (types ?? [...scanner.entities.keys()]).filter(
      (t) => scanner.entities.get(t)?.category !== 'injection',
    );
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
