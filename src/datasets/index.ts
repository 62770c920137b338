export {
  readDataset,
  formatOf,
  type DatasetFormat,
  type DatasetRecord,
  type DatasetIssue,
  type ReadItem,
} from './read.js';
export { createDatasetWriter, type DatasetWriter } from './write.js';
export {
  createIssueLog,
  describeIssueCounts,
  formatIssue,
  DEFAULT_MAX_ISSUES,
  type IssueCounts,
  type IssueLog,
} from './issues.js';
export { textFields, parseSelector, setField, deleteField, type TextField } from './fields.js';
export {
  createDeduplicator,
  type Deduplicator,
  type DeduplicatorOptions,
  type DedupVerdict,
} from './dedup/deduplicator.js';
export { dedupFile, type DedupFileOptions, type DedupReport } from './dedup/dedup-file.js';
export {
  scanFiles,
  type ScanFilesOptions,
  type ScanReport,
  type ScanProgress,
  type AffectedRecord,
} from './scan/scan-files.js';
export { createScanPool, type ScanPool, type ScanPoolOptions } from './scan/pool.js';
export { renderScanHtml } from './scan/report-html.js';
export { createProgressBar } from './scan/progress.js';
export { datasetFiles } from './scan/files.js';
export { sanitizeFile, type SanitizeFileOptions, type SanitizeManifest } from './sanitize/sanitize-file.js';
export {
  loadSanitizePolicy,
  sanitizePolicySchema,
  digestOf,
  type SanitizePolicy,
  type SanitizeAction,
} from './sanitize/policy.js';
export { minimize } from './sanitize/minimize.js';
export { insertCanaries, type InsertCanariesOptions, type InsertCanariesResult } from './canary/insert.js';
export {
  createCanary,
  canaryText,
  parseTemplate,
  randomFill,
  DEFAULT_TEMPLATES,
  type Canary,
} from './canary/canary.js';
export {
  createCanaryStore,
  readCanaryEntries,
  type CanaryStore,
  type CanaryEntry,
} from './canary/canary-store.js';
