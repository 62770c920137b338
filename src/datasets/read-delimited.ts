import { Transform, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse as parseCsv } from 'csv-parse';
import type { DatasetIssue, ReadItem, ReadState } from './read.js';
import { chain, issueItem } from './read-util.js';

/**
 * CSV/TSV rows as objects keyed by the header. The parser works on bytes (`encoding: null`: the
 * delimiters, quotes and newlines are ASCII, so no UTF-8 sequence can be split wrongly) and each row is
 * decoded on its own, so invalid UTF-8 costs that row, reported by line, and never the file.
 */
export async function* readDelimited(
  file: string,
  stream: Readable,
  delimiter: string,
  state: ReadState,
): AsyncGenerator<ReadItem> {
  const skipped: DatasetIssue[] = [];
  const parser = parseCsv({
    delimiter,
    encoding: null,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: { lines?: number; code?: string }) => {
    skipped.push({ file, position: error.lines ?? 0, message: csvMessage(error.code), fatal: false });
  });
  const rows = chain(stream, skipUtf8Bom(), parser);
  const strict = new TextDecoder('utf-8', { fatal: true });
  let columns: string[] | undefined;
  for await (const row of rows as AsyncIterable<{ info: { lines: number }; record: Uint8Array[] }>) {
    const line = row.info.lines;
    state.line = line;
    // Skips are reported as the parser reads ahead; emit them in file order.
    while (skipped[0] && skipped[0].position < line) yield { kind: 'issue', issue: skipped.shift()! };
    const fields = decodeAll(strict, row.record);
    if (columns === undefined) {
      if (fields === undefined) yield issueItem(file, line, 'invalid UTF-8 in the header row', false);
      const lenient = new TextDecoder('utf-8');
      columns = fields ?? row.record.map((f) => lenient.decode(f));
      continue;
    }
    if (fields === undefined) {
      yield issueItem(file, line, 'invalid UTF-8', false);
      continue;
    }
    const header = columns;
    // fromEntries defines own properties, so a `__proto__` column stays a column.
    const value = Object.fromEntries(header.map((c, i) => [c, fields[i] ?? '']));
    yield { kind: 'record', record: { file, position: line, value } };
  }
  for (const s of skipped) yield { kind: 'issue', issue: s };
}

function decodeAll(decoder: TextDecoder, fields: readonly Uint8Array[]): string[] | undefined {
  try {
    return fields.map((f) => decoder.decode(f));
  } catch {
    return undefined;
  }
}

/** Drops a UTF-8 byte-order mark (the parser's own BOM detection would switch it back to strings). */
function skipUtf8Bom(): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (head === undefined) return callback(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) return callback();
      const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
      const out = bom ? head.subarray(3) : head;
      head = undefined;
      callback(null, out);
    },
    flush(callback) {
      callback(null, head && head.length > 0 ? head : null);
    },
  });
}

function csvMessage(code: string | undefined): string {
  if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || code === 'CSV_RECORD_INCONSISTENT_COLUMNS')
    return 'ragged row: wrong number of columns';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'unclosed quote';
  return `malformed row${code ? ` (${code})` : ''}`;
}
