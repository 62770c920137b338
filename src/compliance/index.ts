/**
 * Compliance workflows: erasure (GDPR Art. 17), subject access export (Art. 15), access reviews,
 * compliance evidence per framework, the Art. 30 record, and retention.
 */
export { eraseSubject } from './erase.js';
export type { EraseSubjectOptions, EraseSubjectResult } from './erase.js';
export { exportSubject } from './subject-export.js';
export type { SubjectExport, SubjectExportOptions } from './subject-export.js';
export { parseDuration, periodStart } from './duration.js';
export { buildAccessReview } from './access-review.js';
export type { AccessReviewOptions } from './access-review.js';
export { REVIEW_DECISIONS, REVIEW_FLAGS } from './access-review-types.js';
export type {
  AccessReviewReport,
  PrincipalUsage,
  ReviewDecision,
  ReviewEntry,
  ReviewFlag,
  RoleChange,
} from './access-review-types.js';
export { accessReviewCsv, accessReviewHtml } from './access-review-render.js';
export { reportTarget } from './review-digest.js';
export { signAccessReview } from './review-sign.js';
export type { AppliedDecision, SignReviewOptions, SignReviewResult } from './review-sign.js';
export { collectEvidence } from './evidence.js';
export type { CollectEvidenceOptions, Evidence, RootKeySource } from './evidence.js';
export { buildComplianceReport, complianceHtml } from './compliance-report.js';
export type { ComplianceReport, ControlResult } from './compliance-report.js';
export { CONTROLS, FRAMEWORKS, FRAMEWORK_NAMES, isFramework } from './frameworks.js';
export type { Control, Framework } from './frameworks.js';
export type { CheckResult, EvidenceItem, Status } from './check-types.js';
export { buildProcessingRecord, processingRecordHtml } from './processing-record.js';
export type { ProcessingRecord } from './processing-record.js';
export { DATA_CLASSES, runRetention } from './retention-run.js';
export type { DataClass, RetentionClassResult, RetentionOptions, RetentionResult } from './retention-run.js';
export { scheduleGatewayRetention, scheduleRetention } from './retention-schedule.js';
export type {
  GatewayRetentionOptions,
  RetentionSchedule,
  RetentionScheduleOptions,
} from './retention-schedule.js';
