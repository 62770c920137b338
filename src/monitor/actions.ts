import { z } from 'zod';
import { SEVERITIES, type Severity } from './types.js';

export const MONITOR_ACTIONS = ['record', 'alert', 'throttle', 'suspend'] as const;
/** What the monitor does about a signal: record it, raise an alert, throttle the principal, suspend the key. */
export type MonitorAction = (typeof MONITOR_ACTIONS)[number];

const actionList = z.array(z.enum(MONITOR_ACTIONS));

/** Actions per severity (policy). Defaults: only high and critical reach a human or change access. */
export const actionPolicySchema = z.strictObject({
  info: actionList.default(['record']),
  low: actionList.default(['record']),
  medium: actionList.default(['record', 'alert']),
  high: actionList.default(['record', 'alert', 'throttle']),
  critical: actionList.default(['record', 'alert', 'throttle', 'suspend']),
});
export type ActionPolicy = z.infer<typeof actionPolicySchema>;

/** The actions the policy prescribes for a severity. */
export function actionsFor(policy: ActionPolicy, severity: Severity): readonly MonitorAction[] {
  return policy[severity];
}

export { SEVERITIES };
