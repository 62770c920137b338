import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import type { Finding } from '../../core/index.js';
import type { TextField } from '../fields.js';
import { readLines } from '../lines.js';

/** Our replacements in one written record: field path → [start, end) spans in the field's text. */
export type ReplacementSpans = Record<string, [number, number][]>;

/**
 * Where sanitize put its replacements, one line per written record, in a temporary file: a
 * fingerprint of the record's strings and the spans, never a value. The re-scan of OUT reads it back
 * in step, so telling our replacements from leftovers needs no set of every value produced and
 * memory stays flat.
 */
export interface ReplacementLog {
  add(fields: readonly TextField[], spans: ReplacementSpans): Promise<void>;
  /** Finishes writing; call before `reader`. */
  close(): Promise<void>;
  reader(window?: number): ReplacementReader;
  /** Deletes the file; safe at any point. */
  remove(): void;
}

export interface ReplacementReader {
  /**
   * The spans written for the record whose strings these are, or undefined when no record within
   * the look-ahead window has them (every finding in it then counts as a leftover).
   */
  match(fields: readonly TextField[]): Promise<ReplacementSpans | undefined>;
  close(): Promise<void>;
}

interface Entry {
  f: string;
  s?: ReplacementSpans;
}

/**
 * The reader of OUT yields a subsequence of the records written, in order (it skips only records it
 * sees as blank, which hold nothing to find), so a bounded look-ahead finds each record's entry.
 */
const DEFAULT_WINDOW = 256;

export function createReplacementLog(path: string): ReplacementLog {
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  let failure: Error | undefined;
  out.on('error', (error) => (failure ??= error));
  return {
    async add(fields, spans) {
      if (failure) throw failure;
      const entry: Entry = { f: fingerprint(fields), ...(Object.keys(spans).length ? { s: spans } : {}) };
      if (!out.write(`${JSON.stringify(entry)}\n`)) await once(out, 'drain');
    },
    async close() {
      if (!out.closed) {
        out.end();
        await once(out, 'close');
      }
      if (failure) throw failure;
    },
    reader(window = DEFAULT_WINDOW) {
      const input = createReadStream(path);
      const lines = readLines(input);
      const ahead: Entry[] = [];
      let exhausted = false;
      return {
        async match(fields) {
          const f = fingerprint(fields);
          for (let i = 0; ; i++) {
            if (i === ahead.length) {
              if (exhausted || ahead.length >= window) return undefined;
              const next = await lines.next();
              if (next.done) {
                exhausted = true;
                return undefined;
              }
              if (next.value.ok) ahead.push(JSON.parse(next.value.line.text) as Entry);
              else return undefined;
            }
            if (ahead[i]!.f === f) return ahead.splice(0, i + 1).at(-1)!.s ?? {};
          }
        },
        async close() {
          await lines.return(undefined);
          input.destroy();
        },
      };
    },
    remove() {
      out.destroy();
      rmSync(path, { force: true });
    },
  };
}

/** True when the finding lies inside one of our replacements in that field. */
export function isOurs(spans: ReplacementSpans | undefined, path: string, finding: Finding): boolean {
  return spans?.[path]?.some(([start, end]) => start <= finding.start && finding.end <= end) ?? false;
}

/**
 * A digest of a record's non-empty strings by path, order-free: CSV writes a dropped field back as
 * an empty column and may order columns differently from the record's keys.
 */
function fingerprint(fields: readonly TextField[]): string {
  const parts = fields.filter((f) => f.text !== '').map((f) => `${f.path}\u0000${f.text}`);
  parts.sort();
  return createHash('sha256').update(parts.join('\u0001')).digest('base64url').slice(0, 22);
}
