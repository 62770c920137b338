import { z } from 'zod';
import type { MonitorEvent, Signal } from './types.js';
import { LruMap } from './window.js';

export const sessionRiskOptions = z.strictObject({
  /** Half-life of accumulated risk. */
  halfLifeSeconds: z.number().positive().default(900),
  /** Score at which the session itself raises a signal. */
  threshold: z.number().positive().default(20),
  /** Points per request that was blocked, and per request with any finding. */
  blockedPoints: z.number().min(0).default(3),
  findingPoints: z.number().min(0).default(0.5),
});
export type SessionRiskOptions = z.infer<typeof sessionRiskOptions>;

interface Risk {
  score: number;
  at: number;
  raised: boolean;
}

/**
 * A risk score per conversation/session (the principal when there is none) that accumulates evidence
 * across requests and decays exponentially; crossing the threshold raises one signal until it decays
 * below half of it.
 */
export class SessionRisk {
  private readonly risks = new LruMap<string, Risk>(100_000);
  constructor(private readonly options: SessionRiskOptions) {}

  /** Current (decayed) score of a session. */
  score(session: string, at: number): number {
    const r = this.risks.get(session, () => ({ score: 0, at, raised: false }));
    return r.score * Math.pow(0.5, (at - r.at) / (this.options.halfLifeSeconds * 1000));
  }

  observe(event: MonitorEvent, signals: readonly Signal[]): Signal | undefined {
    const id = event.session ?? event.principal;
    const r = this.risks.get(id, () => ({ score: 0, at: event.at, raised: false }));
    r.score = this.score(id, event.at);
    r.at = event.at;
    if (event.blockedCode !== undefined) r.score += this.options.blockedPoints;
    if (event.findings > 0) r.score += this.options.findingPoints;
    for (const s of signals) r.score += s.score;
    if (r.raised && r.score < this.options.threshold / 2) r.raised = false;
    if (r.raised || r.score < this.options.threshold) return undefined;
    r.raised = true;
    return {
      detector: 'session-risk',
      severity: 'high',
      subject: { kind: 'session', id },
      score: 0,
      summary: 'session risk above threshold',
      evidence: { score: Math.round(r.score * 10) / 10, threshold: this.options.threshold },
      at: event.at,
    };
  }
}
