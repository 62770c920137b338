export {
  readDataset,
  formatOf,
  type DatasetFormat,
  type DatasetRecord,
  type DatasetIssue,
  type ReadItem,
} from './read.js';
export { createDatasetWriter, type DatasetWriter } from './write.js';
export { textFields, parseSelector, setField, deleteField, type TextField } from './fields.js';
export {
  createDeduplicator,
  type Deduplicator,
  type DeduplicatorOptions,
  type DedupVerdict,
} from './dedup/deduplicator.js';
export { dedupFile, DatasetReadError, type DedupFileOptions, type DedupReport } from './dedup/dedup-file.js';
