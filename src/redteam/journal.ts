import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BulwarkError } from '../core/index.js';
import type { AttemptRecord } from './runner.js';

/** Append-only JSONL log of finished attempts; a resumed run skips what it already holds. */
export interface Journal {
  /** Attempts recorded by an earlier run with the same fingerprint (errors excluded: they are retried). */
  readonly done: ReadonlyMap<string, AttemptRecord>;
  append(record: AttemptRecord): void;
}

/**
 * Opens the journal at `path`. With `resume`, an existing journal must carry the same fingerprint (same
 * seed, target, model, attacks); without it, the file is started afresh.
 */
export function openJournal(path: string, fingerprint: string, resume: boolean): Journal {
  mkdirSync(dirname(path), { recursive: true });
  const done = new Map<string, AttemptRecord>();
  if (resume && existsSync(path)) {
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    const header = lines.length > 0 ? (JSON.parse(lines[0]!) as { fingerprint?: string }) : {};
    if (header.fingerprint !== fingerprint) {
      throw new BulwarkError('VALIDATION_FAILED', {
        message:
          'The journal belongs to a different run (seed, target, model or probes differ); cannot resume.',
      });
    }
    for (const line of lines.slice(1)) {
      let record: AttemptRecord;
      try {
        record = JSON.parse(line) as AttemptRecord;
      } catch {
        continue; // A line cut short by a crash: that attempt runs again.
      }
      if (record.status !== 'error') done.set(record.id, record);
    }
  } else {
    writeFileSync(path, JSON.stringify({ type: 'header', fingerprint }) + '\n');
  }
  return {
    done,
    append(record) {
      appendFileSync(path, JSON.stringify(record) + '\n');
    },
  };
}
