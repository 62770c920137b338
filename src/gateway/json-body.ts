import { BulwarkError } from '../core/index.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes and parses a JSON body strictly: invalid UTF-8 and nesting deeper than `maxDepth` are
 * refused before `JSON.parse`, so no later recursive walk (validation, scanning) can blow the stack.
 */
export function parseJsonBody(raw: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new BulwarkError('INVALID_UTF8');
  }
  if (exceedsDepth(text, maxDepth)) {
    throw new BulwarkError('BAD_REQUEST', {
      message: 'The request body is nested too deeply.',
      details: { max_depth: maxDepth },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BulwarkError('INVALID_JSON');
  }
}

/** One pass over the text counting bracket depth outside strings. */
function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
