import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BulwarkError } from '../core/index.js';

/** One planted canary: the model saw `prefix + secret` in training (or should not have). */
export interface CanaryRecord {
  id: string;
  prefix: string;
  secret: string;
  /** The random fill the secret was drawn from, e.g. `digits:9`, `hex:16`, `alnum:12`. */
  format: string;
}

/** The space a secret is drawn from. */
export interface FillFormat {
  alphabet: string;
  length: number;
  /** log2 of the number of possible fillings, |R|. */
  spaceBits: number;
}

const ALPHABETS: Record<string, string> = {
  digits: '0123456789',
  hex: '0123456789abcdef',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

/** Parses `kind:length` (kinds: digits, hex, lower, upper, alnum). */
export function parseFillFormat(format: string): FillFormat {
  const match = /^([a-z]+):(\d{1,4})$/.exec(format);
  const alphabet = match ? ALPHABETS[match[1]!] : undefined;
  const length = match ? Number(match[2]) : 0;
  if (!alphabet || length < 1) {
    throw new BulwarkError('VALIDATION_FAILED', {
      message: `Unknown canary format; expected one of ${Object.keys(ALPHABETS).join(', ')} as kind:length.`,
    });
  }
  return { alphabet, length, spaceBits: length * Math.log2(alphabet.length) };
}

const CanarySchema = z.object({
  id: z.string().min(1),
  prefix: z.string(),
  secret: z.string().min(1),
  format: z.string(),
});

/** Parses canaries from JSONL; errors name the line and field, never the value. */
export function parseCanaries(jsonl: string): CanaryRecord[] {
  const out: CanaryRecord[] = [];
  const ids = new Set<string>();
  jsonl.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new BulwarkError('VALIDATION_FAILED', { message: `Canary line ${line} is not valid JSON.` });
    }
    const parsed = CanarySchema.safeParse(value);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? '?';
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `Canary line ${line}: field "${field}" is invalid.`,
      });
    }
    const format = parseFillFormat(parsed.data.format);
    const secret = parsed.data.secret;
    if (secret.length !== format.length || [...secret].some((c) => !format.alphabet.includes(c))) {
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `Canary line ${line}: the secret does not match its format.`,
      });
    }
    if (ids.has(parsed.data.id)) {
      throw new BulwarkError('VALIDATION_FAILED', { message: `Canary line ${line}: duplicate id.` });
    }
    ids.add(parsed.data.id);
    out.push(parsed.data);
  });
  if (out.length === 0) throw new BulwarkError('VALIDATION_FAILED', { message: 'The canary file is empty.' });
  return out;
}

/** A reproducible uniform source: SHA-256 in counter mode over the seed. */
export function seededRandom(seed: string): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 4 > block.length) {
      block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value / 2 ** 32;
  };
}

/** `count` distinct fillings of the format, never equal to `exclude` (the inserted secret). */
export function referenceFillings(
  format: FillFormat,
  count: number,
  seed: string,
  exclude: string,
): string[] {
  const possible = format.alphabet.length ** format.length;
  if (count > possible - 1) throw new RangeError('the format has fewer fillings than references requested');
  const random = seededRandom(seed);
  const seen = new Set<string>([exclude]);
  const out: string[] = [];
  while (out.length < count) {
    let fill = '';
    for (let i = 0; i < format.length; i++)
      fill += format.alphabet[Math.floor(random() * format.alphabet.length)];
    if (seen.has(fill)) continue;
    seen.add(fill);
    out.push(fill);
  }
  return out;
}
