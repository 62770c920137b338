import { z } from 'zod';
import { actionPolicySchema, actionsFor, type MonitorAction } from './actions.js';
import type { Detector } from './detector.js';
import { detectors as builtIn } from './registry.js';
import { SessionRisk, sessionRiskOptions } from './session-risk.js';
import type { MonitorEvent, Signal } from './types.js';

/** Options of the behavioural monitor (the `monitoring` config section passes these through). */
export const monitorOptionsSchema = z.strictObject({
  /** Options per detector id; `false` disables one. */
  detectors: z.record(z.string(), z.union([z.literal(false), z.record(z.string(), z.unknown())])).default({}),
  actions: actionPolicySchema.prefault({}),
  sessionRisk: sessionRiskOptions.prefault({}),
  /** How long a throttled principal is refused. */
  throttleSeconds: z.number().int().positive().default(300),
});
export type MonitorOptions = z.input<typeof monitorOptionsSchema>;

/** A signal with the actions the policy prescribes for it. */
export interface MonitorVerdict {
  readonly signal: Signal;
  readonly actions: readonly MonitorAction[];
}

/** The behavioural monitor: synchronous, in-memory, cheap enough to run on every request. */
export interface Monitor {
  /** Feeds one request; returns the signals it raised with their actions (usually none). */
  observe(event: MonitorEvent): MonitorVerdict[];
  /** Epoch ms until which the principal, or the source address it calls from, is throttled. */
  throttledUntil(principal: string, at: number, source?: string): number | undefined;
  /** Lifts a throttle on a principal or a source address early (an admin decision). */
  lift(principalOrSource: string): void;
  /** Current decayed risk of a session. */
  sessionScore(session: string, at: number): number;
}

/**
 * What a `throttle` action refuses: the principal for signals about it (or its key or session), the
 * address for a source-wide signal. Tenant-wide and upstream signals throttle nobody: refusing a
 * whole tenant is a decision for a human (or for `limits`), not for a heuristic.
 */
function throttleTarget(signal: Signal, event: MonitorEvent): string | undefined {
  switch (signal.subject.kind) {
    case 'principal':
    case 'key':
    case 'session':
      return `p:${event.principal}`;
    case 'source':
      return `s:${signal.subject.id}`;
    default:
      return undefined;
  }
}

/** Builds a monitor from validated options; unknown detector ids are an error, not ignored. */
export function createMonitor(input: MonitorOptions = {}): Monitor {
  const options = monitorOptionsSchema.parse(input);
  for (const id of Object.keys(options.detectors)) {
    if (!builtIn.some((d) => d.id === id))
      throw new Error(`unknown detector "${id}" in monitoring.detectors`);
  }
  const running: Detector[] = [];
  for (const d of builtIn) {
    const given = options.detectors[d.id];
    if (given === false) continue;
    running.push(d.create(d.options.parse(given ?? {}) as never));
  }
  const session = new SessionRisk(options.sessionRisk);
  const throttles = new Map<string, number>();
  const until = (key: string, at: number): number | undefined => {
    const t = throttles.get(key);
    if (t === undefined || t > at) return t;
    throttles.delete(key);
    return undefined;
  };

  return {
    observe(event) {
      const signals: Signal[] = [];
      for (const d of running) {
        const s = d.observe(event);
        if (s !== undefined) signals.push(s);
      }
      const risk = session.observe(event, signals);
      if (risk !== undefined) signals.push(risk);
      if (signals.length === 0) return [];
      return signals.map((signal) => {
        const actions = actionsFor(options.actions, signal.severity);
        const target = throttleTarget(signal, event);
        if (actions.includes('throttle') && target !== undefined)
          throttles.set(target, signal.at + options.throttleSeconds * 1000);
        return { signal, actions };
      });
    },
    throttledUntil(principal, at, source) {
      const byPrincipal = until(`p:${principal}`, at);
      const bySource = source === undefined ? undefined : until(`s:${source}`, at);
      if (byPrincipal === undefined || bySource === undefined) return byPrincipal ?? bySource;
      return Math.max(byPrincipal, bySource);
    },
    lift(id) {
      throttles.delete(`p:${id}`);
      throttles.delete(`s:${id}`);
    },
    sessionScore(id, at) {
      return session.score(id, at);
    },
  };
}
