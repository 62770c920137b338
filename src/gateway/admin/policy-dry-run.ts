import type { PolicyConfig } from '../../config/index.js';
import type { Finding } from '../../core/index.js';
import type { Scanner } from '../../detect/index.js';
import { evaluate, resolvePolicy, typesNeeding } from '../../policy/index.js';

export interface DryRunOptions {
  scanner: Scanner;
  policy: PolicyConfig;
  prompt: string;
  /** The model alias and path the request would use (route overrides match on them). */
  model: string;
  path: string;
  /** Scan as a user message (trusted) or as a retrieved document / tool output (untrusted). */
  source: 'trusted' | 'untrusted';
  caller?: { tenant: string; roles: string[] };
}

/** The prompt with every finding replaced by its type, so no detected value is ever sent back. */
export function maskFindings(text: string, findings: readonly Finding[]): string {
  const spans = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const f of spans) {
    if (f.start < at) {
      at = Math.max(at, f.end); // overlaps the span just masked: hide its tail too
      continue;
    }
    out += text.slice(at, f.start) + `[${f.type}]`;
    at = f.end;
  }
  return out + text.slice(at);
}

/**
 * What the input side of the gateway would decide for one prompt under a policy: the same scan,
 * the same evaluation, the same block codes as `scanInput` and `decideInput`, without forwarding.
 */
export async function dryRunPolicy(o: DryRunOptions) {
  const effective = resolvePolicy(o.policy, {
    model: o.model,
    path: o.path,
    ...(o.caller ? { caller: { ...o.caller, ids: [] } } : {}),
  });
  const types = typesNeeding(effective.input, o.scanner.entities, effective.classification);
  const findings = await o.scanner.scanAsync(o.prompt, {
    source: o.source,
    minScore: effective.input.minScore,
    signal: AbortSignal.timeout(effective.guardrailTimeoutMs),
    ...(types ? { types } : {}),
  });
  const { decision, actions } = evaluate({
    findings,
    rules: effective.input,
    entities: o.scanner.entities,
    classification: effective.classification,
  });
  const injection = actions.some(
    (a) => a.action === 'block' && o.scanner.entities.get(a.finding.type)?.category === 'injection',
  );
  return {
    decision: { action: decision.action, level: decision.level, reasons: decision.reasons },
    ...(decision.action === 'block'
      ? { blockedCode: injection ? 'PROMPT_INJECTION_BLOCKED' : 'SENSITIVE_INPUT_BLOCKED' }
      : {}),
    findings: actions.map((a) => ({
      type: a.finding.type,
      category: o.scanner.entities.get(a.finding.type)?.category ?? 'unknown',
      start: a.finding.start,
      end: a.finding.end,
      score: Math.round(a.finding.score * 100) / 100,
      recognizer: a.finding.recognizer,
      action: a.action,
      level: a.level,
    })),
    maskedPreview: maskFindings(o.prompt, findings),
  };
}
