import { pipeline, type Duplex, type Readable } from 'node:stream';
import type { DatasetIssue, ReadItem } from './read.js';

/** Pipes streams together so an error anywhere fails the last one (plain `.pipe()` would hang). */
export function chain(...streams: [Readable, ...Duplex[]]): Readable {
  // Errors surface on the returned stream; the callback only keeps pipeline from throwing.
  return pipeline(streams, () => {}) as unknown as Readable;
}

export function issueItem(
  file: string,
  position: number,
  message: string,
  fatal: boolean,
  unread?: DatasetIssue['unread'],
): ReadItem {
  return { kind: 'issue', issue: { file, position, message, fatal, ...(unread ? { unread } : {}) } };
}
