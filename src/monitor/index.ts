/** Behavioural monitoring: detectors, baselines, session risk, actions by severity, alerts. */
export { createMonitor, monitorOptionsSchema } from './monitor.js';
export type { Monitor, MonitorOptions, MonitorVerdict } from './monitor.js';
export { detectors } from './registry.js';
export type { Detector, DetectorDescriptor } from './detector.js';
export { promptSketch, sketchSimilarity } from './sketch.js';
export { SEVERITIES, severityRank } from './types.js';
export type { Evidence, MonitorEvent, Severity, Signal, Subject, SubjectKind } from './types.js';
export { MONITOR_ACTIONS, actionPolicySchema } from './actions.js';
export type { ActionPolicy, MonitorAction } from './actions.js';
export { createSharedEvents } from './shared-events.js';
export type { SharedEvents, SharedEventsOptions, SharedEventsStats } from './shared-events.js';
export { createAlertManager } from './alert-manager.js';
export type { AlertManager, AlertManagerOptions, RaiseAlertResult } from './alert-manager.js';
export { deliverWebhook, signWebhook, webhookBody } from './webhook.js';
export type { WebhookResult, WebhookTarget } from './webhook.js';
