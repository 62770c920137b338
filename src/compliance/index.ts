/** Compliance workflows: erasure (GDPR Art. 17) and subject access export (Art. 15). */
export { eraseSubject } from './erase.js';
export type { EraseSubjectOptions, EraseSubjectResult } from './erase.js';
export { exportSubject } from './subject-export.js';
export type { SubjectExport, SubjectExportOptions } from './subject-export.js';
