/** Options of the mask operator. */
export interface MaskOptions {
  /** Characters left visible at the end. Default 4, capped at half the maskable characters. */
  keepLast?: number | undefined;
  /** Default '*'. */
  char?: string | undefined;
  /** Leave separators in place. Default true. */
  keepSeparators?: boolean | undefined;
}

const SEPARATOR = /[\s\-.@/:_]/u;

/**
 * Masks a value, keeping its last characters: `4111-1111-1111-1234` → `****-****-****-1234`.
 * Works on code points so a masked emoji never leaves half a surrogate pair.
 */
export function mask(value: string, options: MaskOptions = {}): string {
  const char = options.char ?? '*';
  const keepSeparators = options.keepSeparators ?? true;
  const chars = Array.from(value);
  const maskable = chars.filter((c) => !(keepSeparators && SEPARATOR.test(c))).length;
  // Keeping 4 of a 5-character value reveals it; never show more than half.
  const keep = Math.min(options.keepLast ?? 4, Math.floor(maskable / 2));
  let seen = 0;
  return chars
    .map((c) => {
      if (keepSeparators && SEPARATOR.test(c)) return c;
      seen++;
      return seen > maskable - keep ? c : char;
    })
    .join('');
}
