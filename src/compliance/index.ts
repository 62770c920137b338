/** Compliance workflows: erasure (GDPR Art. 17). */
export { eraseSubject } from './erase.js';
export type { EraseSubjectOptions, EraseSubjectResult } from './erase.js';
