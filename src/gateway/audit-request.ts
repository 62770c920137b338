import type { AuditInput, AuditLog } from '../audit/index.js';
import { BulwarkError, type Finding } from '../core/index.js';
import { tokenUsage } from './chat/usage.js';
import type { RequestContext } from './context.js';
import { upstreamMsOf } from './stages/monitor-metrics.js';

/** How a request ended, as the route saw it. */
export interface RequestOutcome {
  status: number;
  /** Error code when the request was refused or failed. */
  code?: string;
  /** What the client received (digested by the log, never stored). */
  response?: string;
  usage?: unknown;
}

function countByType(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
  return counts;
}

function tokensOf(raw: unknown): AuditInput['tokens'] {
  const usage = tokenUsage(raw);
  if (!usage) return undefined;
  return {
    ...(usage.input !== undefined ? { prompt: usage.input } : {}),
    ...(usage.output !== undefined ? { completion: usage.output } : {}),
  };
}

/** The audit record of one gateway request: who, what class, findings, decision, digests, latency. */
export function requestRecord(ctx: RequestContext, outcome: RequestOutcome, latencyMs: number): AuditInput {
  const decision = ctx.inputDecision;
  const principal = ctx.principal;
  const tokens = tokensOf(outcome.usage);
  const reasons = [...(decision?.reasons ?? []), ...(outcome.code ? [outcome.code] : [])].slice(0, 32);
  return {
    kind: 'request',
    requestId: ctx.id,
    route: ctx.path,
    model: ctx.request.model.slice(0, 256),
    status: outcome.status,
    latencyMs,
    // The upstream's share of the latency, so the console can chart what the gateway itself adds.
    ...(upstreamMsOf(ctx) === undefined ? {} : { upstreamMs: upstreamMsOf(ctx) }),
    prompt: JSON.stringify(ctx.request.messages),
    ...(principal
      ? { tenant: principal.tenant, principal: principal.id, role: principal.roles[0] ?? 'none' }
      : {}),
    ...(ctx.clientIp ? { sourceAddress: ctx.clientIp } : {}),
    ...(ctx.served ? { upstream: ctx.served.upstream } : {}),
    ...(decision
      ? {
          levelIn: decision.level,
          findings: countByType(decision.findings),
          decision: {
            action: outcome.code && decision.action !== 'block' ? 'block' : decision.action,
            reasons,
          },
        }
      : outcome.code
        ? { decision: { action: 'block', reasons } }
        : {}),
    ...(tokens ? { tokens } : {}),
    ...(outcome.response !== undefined ? { response: outcome.response } : {}),
  };
}

/**
 * Appends the request's record and waits for it (durable mode), so the client is answered only after
 * its record is stored. A failing audit refuses the request (fail closed): AUDIT_UNAVAILABLE.
 */
export async function auditRequest(
  audit: AuditLog | undefined,
  ctx: RequestContext,
  outcome: RequestOutcome,
  startedAt: number,
): Promise<void> {
  if (!audit) return;
  try {
    await audit.append(requestRecord(ctx, outcome, performance.now() - startedAt));
  } catch (cause) {
    ctx.log.error({ code: 'AUDIT_UNAVAILABLE' }, 'audit append failed');
    throw cause instanceof BulwarkError ? cause : new BulwarkError('AUDIT_UNAVAILABLE', { cause });
  }
}
