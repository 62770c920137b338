import type { Readable } from 'node:stream';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { streamArray } from 'stream-json/core/streamers/stream-array.js';
import type { DatasetIssue, ReadItem, ReadState } from './read.js';
import { issueItem } from './read-util.js';

// stream-chain (stream-json's own dependency) marks "no value" and "several values" with registered
// symbols, so copies of the library interoperate; we only need to recognise them.
const NONE = Symbol.for('object-stream.none');
const MANY = Symbol.for('object-stream.many');
const NEWLINE = 0x0a;

function outputs<T>(out: unknown): T[] {
  if (out === NONE) return [];
  if (typeof out === 'object' && out !== null && (out as Record<symbol, unknown>)[MANY] === 1)
    return (out as { values: T[] }).values;
  return [out as T];
}

/**
 * Streams the elements of a top-level JSON array. Input is fed to stream-json's core parser a line at
 * a time (a long line in chunks), so a syntax error is pinned to the line being fed, and elements
 * parsed before it have already been yielded. The parser cannot resume after a syntax error: reading
 * stops with a fatal issue and the rest of the file is counted (lines, bytes), not parsed. A line of
 * invalid UTF-8 is decoded with U+FFFD so parsing goes on; every element touching it is skipped and
 * reported with that line.
 */
export async function* readJsonArray(
  file: string,
  stream: Readable,
  state: ReadState,
): AsyncGenerator<ReadItem> {
  const parse = jsonParser({ streamValues: false });
  const elements = streamArray();
  const lenient = new TextDecoder('utf-8');
  let strict = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  let previousLineStart = 0;
  let offset = 0;
  let depth = 0;
  let inElement = false;
  let elementStart = 0;
  let badLine = 0;
  const ready: ReadItem[] = [];
  let failure: Failure | undefined;
  let restNewlines = 0;
  let lastByte = -1;

  const take = (tokens: Token[]): void => {
    for (const token of tokens) {
      if (depth === 1 && !inElement && token.name !== 'endArray') {
        inElement = true;
        elementStart = line;
      }
      if (token.name === 'startObject' || token.name === 'startArray') depth++;
      else if (token.name === 'endObject' || token.name === 'endArray') depth--;
      for (const { key, value } of outputs<{ key: number; value: unknown }>(elements(token))) {
        inElement = false;
        if (badLine >= elementStart) ready.push(issueItem(file, badLine, 'invalid UTF-8', false));
        else ready.push({ kind: 'record', record: { file, position: key + 1, value } });
      }
    }
  };
  // The parser's flush signal is stream-chain's `none`, which its string-typed signature does not show.
  const feed = (text: string | typeof NONE): void => take(outputs<Token>(parse(text as string)));
  const decode = (bytes: Buffer | undefined): string => {
    try {
      return bytes ? strict.decode(bytes, { stream: true }) : strict.decode();
    } catch {
      badLine = line;
      strict = new TextDecoder('utf-8', { fatal: true });
      return bytes ? lenient.decode(bytes) : '\ufffd';
    }
  };
  const failed = (error: unknown, at: number, start: number): Failure => ({
    line: at,
    start,
    message: badLine === at ? 'invalid UTF-8' : jsonMessage(error),
  });

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
    if (failure) {
      // Not parsed any more, only counted, so the summary says how much was left unread.
      offset += chunk.length;
      restNewlines += countNewlines(chunk, 0);
      continue;
    }
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl + 1;
      try {
        feed(decode(chunk.subarray(start, end)));
      } catch (error) {
        failure = failed(error, line, lineStart);
        offset += chunk.length - start;
        restNewlines = countNewlines(chunk, start);
        break;
      }
      offset += end - start;
      start = end;
      if (nl !== -1) {
        line++;
        previousLineStart = lineStart;
        lineStart = offset;
      }
    }
    state.line = failure?.line ?? line;
    yield* ready.splice(0);
  }
  if (!failure) {
    try {
      feed(decode(undefined));
      feed(NONE);
    } catch (error) {
      // The end of input: the problem is on the last line that has content.
      const ended = lastByte === NEWLINE;
      failure = failed(error, ended ? Math.max(1, line - 1) : line, ended ? previousLineStart : lineStart);
      restNewlines = ended ? 1 : 0;
    }
  }
  yield* ready.splice(0);
  if (failure) {
    const bytes = offset - failure.start;
    const lines = restNewlines + (bytes > 0 && lastByte !== NEWLINE ? 1 : 0);
    yield issueItem(file, failure.line, failure.message, true, { lines, bytes });
  }
}

/** Where reading stopped: the line, the byte offset where that line starts, and why. */
interface Failure {
  line: number;
  start: number;
  message: string;
}

function countNewlines(chunk: Buffer, from: number): number {
  let n = 0;
  for (let i = chunk.indexOf(NEWLINE, from); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

function jsonMessage(error: unknown): DatasetIssue['message'] {
  const text = error instanceof Error ? error.message : '';
  return /top-level/i.test(text) ? 'malformed JSON (the top level is not an array)' : 'malformed JSON';
}
