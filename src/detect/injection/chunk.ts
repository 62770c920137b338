/** A piece of normalised text scored on its own; a planted sentence is not diluted by a long document. */
export interface TextChunk {
  /** Offsets into the normalised text. */
  start: number;
  end: number;
}

const MIN_CHUNK = 60;
const MAX_CHUNK = 320;

function isBreak(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 10 || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x0964) return true;
  return (c === 46 || c === 33 || c === 63) && text.charCodeAt(i + 1) === 32;
}

/**
 * Splits text at line and sentence ends, then merges short sentences of one line into chunks of
 * roughly 60-320 characters; lines are never merged, so a line planted in a document (a table, an
 * e-mail) is scored apart from its neighbours. An over-long sentence is cut every 320 characters. Linear.
 */
export function splitChunks(text: string): TextChunk[] {
  if (text.length <= MAX_CHUNK) return [{ start: 0, end: text.length }];
  const pieces: TextChunk[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (isBreak(text, i) || i - start >= MAX_CHUNK) {
      pieces.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < text.length) pieces.push({ start, end: text.length });
  const chunks: TextChunk[] = [];
  let current: TextChunk | undefined;
  for (const piece of pieces) {
    if (
      current &&
      current.end - current.start < MIN_CHUNK &&
      piece.end - current.start <= MAX_CHUNK &&
      text.charCodeAt(current.end - 1) !== 10
    ) {
      current.end = piece.end;
    } else {
      if (current) chunks.push(current);
      current = { ...piece };
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
