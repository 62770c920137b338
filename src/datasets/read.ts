import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, Transform, type Duplex, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { readLines } from './lines.js';

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
  position: number;
  message: string;
  /** True when the rest of the file could not be read. */
  fatal: boolean;
}

export type ReadItem = { kind: 'record'; record: DatasetRecord } | { kind: 'issue'; issue: DatasetIssue };

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
}

/** Streams the records of one file; memory stays flat whatever the file size. */
export async function* readDataset(path: string, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const detected = formatOf(path);
  const format = options.format ?? detected.format;
  if (!format) {
    yield issue(path, 0, 'unknown file format (use --format)', true);
    return;
  }
  const raw = createReadStream(path);
  const stream: Readable = detected.gzip ? chain(raw, createGunzip()) : raw;
  try {
    if (format === 'jsonl') yield* readJsonl(path, stream);
    else if (format === 'text') yield* readText(path, stream);
    else if (format === 'json') yield* readJsonArray(path, stream);
    else yield* readDelimited(path, stream, format === 'tsv' ? '\t' : ',');
  } catch (error) {
    yield issue(path, 0, readErrorMessage(error), true);
  } finally {
    raw.destroy();
  }
}

async function* readJsonl(file: string, stream: Readable): AsyncGenerator<ReadItem> {
  for await (const item of readLines(stream)) {
    if (!item.ok) {
      yield issue(file, item.number, item.message, false);
      continue;
    }
    if (item.line.text.trim() === '') continue;
    try {
      yield {
        kind: 'record',
        record: { file, position: item.line.number, value: JSON.parse(item.line.text) },
      };
    } catch {
      yield issue(file, item.line.number, 'malformed JSON', false);
    }
  }
}

async function* readText(file: string, stream: Readable): AsyncGenerator<ReadItem> {
  for await (const item of readLines(stream)) {
    if (!item.ok) yield issue(file, item.number, item.message, false);
    else if (item.line.text.trim() !== '') {
      yield { kind: 'record', record: { file, position: item.line.number, value: item.line.text } };
    }
  }
}

async function* readJsonArray(file: string, stream: Readable): AsyncGenerator<ReadItem> {
  const elements = chain(stream, strictUtf8(), streamArray.withParserAsStream());
  for await (const { key, value } of elements as AsyncIterable<{ key: number; value: unknown }>) {
    yield { kind: 'record', record: { file, position: key + 1, value } };
  }
}

async function* readDelimited(file: string, stream: Readable, delimiter: string): AsyncGenerator<ReadItem> {
  const skipped: DatasetIssue[] = [];
  const parser = parseCsv({
    delimiter,
    columns: true,
    bom: true,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  const rows = chain(stream, strictUtf8(), parser);
  parser.on('skip', (error: { lines?: number; code?: string }) => {
    skipped.push({ file, position: error.lines ?? 0, message: csvMessage(error.code), fatal: false });
  });
  for await (const row of rows as AsyncIterable<{
    info: { lines: number };
    record: Record<string, string>;
  }>) {
    // Skips are reported as the parser reads ahead; emit them in file order.
    while (skipped[0] && skipped[0].position < row.info.lines)
      yield { kind: 'issue', issue: skipped.shift()! };
    yield { kind: 'record', record: { file, position: row.info.lines, value: row.record } };
  }
  for (const s of skipped) yield { kind: 'issue', issue: s };
}

/** Pipes streams together so an error anywhere fails the last one (plain `.pipe()` would hang). */
function chain(...streams: [Readable, ...Duplex[]]): Readable {
  // Errors surface on the returned stream; the callback only keeps pipeline from throwing.
  return pipeline(streams, () => {}) as unknown as Readable;
}

/** Rejects invalid UTF-8 in formats parsed as a whole stream (JSON arrays, CSV). */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        callback(null, decoder.decode(chunk, { stream: true }));
      } catch {
        callback(new Error('invalid UTF-8'));
      }
    },
    flush(callback) {
      try {
        callback(null, decoder.decode());
      } catch {
        callback(new Error('invalid UTF-8'));
      }
    },
  });
}

function csvMessage(code: string | undefined): string {
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || code === 'CSV_RECORD_INCONSISTENT_COLUMNS')
    return 'ragged row: wrong number of columns';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'unclosed quote';
  return `malformed row${code ? ` (${code})` : ''}`;
}

function readErrorMessage(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'Z_DATA_ERROR') return 'corrupt gzip data';
  if (error instanceof Error && error.message === 'invalid UTF-8') return 'invalid UTF-8';
  if (error instanceof SyntaxError || /parser|JSON/i.test(String((error as Error).message)))
    return 'malformed JSON';
  return 'could not read the file';
}

function issue(file: string, position: number, message: string, fatal: boolean): ReadItem {
  return { kind: 'issue', issue: { file, position, message, fatal } };
}

/** A dataset could not be read; carries the file and position, never the content. */
export class DatasetReadError extends Error {
  constructor(readonly issue: DatasetIssue) {
    super(`${issue.file}:${issue.position}: ${issue.message}`);
    this.name = 'DatasetReadError';
  }
}
