import { z } from 'zod';
import { SEVERITIES, type Severity } from './types.js';

export const MONITOR_ACTIONS = ['record', 'alert', 'throttle', 'suspend'] as const;
/** What the monitor does about a signal: record it, raise an alert, throttle the principal, suspend the key. */
export type MonitorAction = (typeof MONITOR_ACTIONS)[number];

const actionList = z.array(z.enum(MONITOR_ACTIONS));

/**
 * Actions per severity (policy). Defaults alert humans and change nobody's access: heuristics that
 * throttle by default would let a false positive lock out a legitimate client. Opt in per severity.
 */
export const actionPolicySchema = z.strictObject({
  info: actionList.default(['record']),
  low: actionList.default(['record']),
  medium: actionList.default(['record', 'alert']),
  high: actionList.default(['record', 'alert']),
  critical: actionList.default(['record', 'alert']),
});
export type ActionPolicy = z.infer<typeof actionPolicySchema>;

/** The actions the policy prescribes for a severity. */
export function actionsFor(policy: ActionPolicy, severity: Severity): readonly MonitorAction[] {
  return policy[severity];
}

export { SEVERITIES };
