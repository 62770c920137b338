import type { Readable } from 'node:stream';

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
}

export type LineItem = { ok: true; line: Line } | { ok: false; number: number; message: string };

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines and decodes each as strict UTF-8, so one bad line is reported by
 * number instead of being silently replaced with U+FFFD (readline cannot tell us). A line longer than
 * `maxLineBytes` is reported and skipped without buffering it whole.
 */
export async function* readLines(
  stream: Readable,
  maxLineBytes = 64 * 1024 * 1024,
): AsyncGenerator<LineItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let number = 1;
  let tooLong = false;

  function* emit(): Generator<LineItem> {
    if (tooLong) {
      yield { ok: false, number, message: `line exceeds ${maxLineBytes} bytes` };
    } else {
      let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
      try {
        yield { ok: true, line: { number, text: decoder.decode(bytes) } };
      } catch {
        yield { ok: false, number, message: 'invalid UTF-8' };
      }
    }
    parts = [];
    size = 0;
    tooLong = false;
    number++;
  }

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      push(chunk.subarray(start, nl));
      yield* emit();
      start = nl + 1;
    }
    push(chunk.subarray(start));
  }
  if (size > 0 || tooLong) yield* emit();

  function push(bytes: Buffer): void {
    if (tooLong || bytes.length === 0) return;
    if (size + bytes.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(bytes);
    size += bytes.length;
  }
}
