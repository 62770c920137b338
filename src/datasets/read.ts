import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Transform, type Duplex, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readDelimited } from './read-delimited.js';
import { readJsonArray } from './read-json-array.js';
import { readLines } from './lines.js';
import { chain, issueItem } from './read-util.js';

export type DatasetFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'text';

/** One record of a dataset: a JSON value, a CSV row as an object, or a line of text. */
export interface DatasetRecord {
  file: string;
  /** 1-based line (JSONL, text, CSV) or element index (JSON array). */
  position: number;
  value: unknown;
}

/** A problem with one record or a whole file; never carries the record's content. */
export interface DatasetIssue {
  file: string;
  /** 1-based line of the problem (0: the file as a whole, e.g. not found). */
  position: number;
  message: string;
  /** True when the rest of the file could not be read. */
  fatal: boolean;
  /** For a fatal issue, what was left unread from its line to the end, when it could be counted. */
  unread?: { lines: number; bytes: number };
}

export type ReadItem = { kind: 'record'; record: DatasetRecord } | { kind: 'issue'; issue: DatasetIssue };

/** The line a reader has reached, so a failure of the underlying stream can name it. */
export interface ReadState {
  line: number;
}

const EXTENSIONS: Record<string, DatasetFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  csv: 'csv',
  tsv: 'tsv',
  txt: 'text',
  text: 'text',
  md: 'text',
  markdown: 'text',
};

/** Guesses the format from the file name (`.gz` is looked through). */
export function formatOf(path: string): { format: DatasetFormat | undefined; gzip: boolean } {
  const name = basename(path).toLowerCase();
  const gzip = name.endsWith('.gz');
  const ext = (gzip ? name.slice(0, -3) : name).split('.').pop() ?? '';
  return { format: EXTENSIONS[ext], gzip };
}

export interface ReadOptions {
  format?: DatasetFormat;
  /** Receives the size of each chunk read from the file (compressed bytes for .gz), as it is read. */
  onBytes?: (bytes: number) => void;
}

/** Streams the records of one file; memory stays flat whatever the file size. */
export async function* readDataset(path: string, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const detected = formatOf(path);
  const format = options.format ?? detected.format;
  if (!format) {
    yield issueItem(path, 0, 'unknown file format (use --format)', true);
    return;
  }
  const raw = createReadStream(path);
  const stages: Duplex[] = [];
  if (options.onBytes) stages.push(countBytes(options.onBytes));
  if (detected.gzip) stages.push(createGunzip());
  const stream: Readable = stages.length > 0 ? chain(raw, ...stages) : raw;
  const state: ReadState = { line: 0 };
  try {
    if (format === 'jsonl') yield* readJsonl(path, stream, state);
    else if (format === 'text') yield* readText(path, stream, state);
    else if (format === 'json') yield* readJsonArray(path, stream, state);
    else yield* readDelimited(path, stream, format === 'tsv' ? '\t' : ',', state);
  } catch (error) {
    yield issueItem(path, state.line, readErrorMessage(error), true);
  } finally {
    raw.destroy();
  }
}

async function* readJsonl(file: string, stream: Readable, state: ReadState): AsyncGenerator<ReadItem> {
  for await (const item of readLines(stream)) {
    if (!item.ok) {
      state.line = item.number;
      yield issueItem(file, item.number, item.message, false);
      continue;
    }
    state.line = item.line.number;
    if (item.line.text.trim() === '') continue;
    try {
      yield {
        kind: 'record',
        record: { file, position: item.line.number, value: JSON.parse(item.line.text) },
      };
    } catch {
      yield issueItem(file, item.line.number, 'malformed JSON', false);
    }
  }
}

async function* readText(file: string, stream: Readable, state: ReadState): AsyncGenerator<ReadItem> {
  for await (const item of readLines(stream)) {
    state.line = item.ok ? item.line.number : item.number;
    if (!item.ok) yield issueItem(file, item.number, item.message, false);
    else if (item.line.text.trim() !== '') {
      yield { kind: 'record', record: { file, position: item.line.number, value: item.line.text } };
    }
  }
}

/** Reports the bytes flowing through: progress counts what was read from disk, not what it decoded to. */
function countBytes(onBytes: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
}

function readErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') return 'corrupt gzip data';
  return 'could not read the file';
}

/** A dataset could not be read; carries the file and position, never the content. */
export class DatasetReadError extends Error {
  constructor(readonly issue: DatasetIssue) {
    super(`${issue.file}:${issue.position}: ${issue.message}`);
    this.name = 'DatasetReadError';
  }
}
