import { createHash } from 'node:crypto';
import type { RecognizerDescriptor } from './recognizer.js';

/** A pattern's identity for the ReDoS audit record: its flags and source, hashed. */
export function patternKey(pattern: RegExp): string {
  return createHash('sha256')
    .update(`${pattern.flags.replace(/[gyd]/g, '')}/${pattern.source}`)
    .digest('hex')
    .slice(0, 32);
}

/** Every pattern the given recognisers declare, with the recogniser that owns it. */
export function declaredPatterns(
  recognizers: readonly RecognizerDescriptor[],
): { id: string; pattern: RegExp }[] {
  return recognizers.flatMap((d) => (d.patterns ?? []).map((pattern) => ({ id: d.id, pattern })));
}
