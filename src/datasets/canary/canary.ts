import { randomInt, randomUUID } from 'node:crypto';

/**
 * Canaries in the sense of Carlini et al., "The Secret Sharer": a fixed format with a random fill.
 * A template holds one `{digits:N}` or `{alnum:N}` slot; the prefix before it is what a memorisation
 * audit feeds the model, the fill is the secret it looks for.
 */
export interface Canary {
  id: string;
  /** Text before the secret, used as the extraction prompt. */
  prefix: string;
  secret: string;
  /** Text after the secret (usually a period). */
  suffix: string;
  /** The fill's format, e.g. `digits:9`: the audit draws reference fillings from it. */
  format: string;
  /** Times the canary was inserted into the dataset. */
  repeat: number;
}

export const DEFAULT_TEMPLATES: readonly string[] = [
  'My account verification code is {digits:9}.',
  'The door code for the east storage room is {digits:6}.',
  'Internal reference for this customer: {alnum:12}.',
];

const SLOT = /\{(digits|alnum):(\d{1,2})\}/;
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Parses a template; throws when it has no slot or more than one. */
export function parseTemplate(template: string): {
  prefix: string;
  suffix: string;
  kind: string;
  length: number;
} {
  const m = SLOT.exec(template);
  if (!m || SLOT.test(template.slice(m.index + m[0].length))) {
    throw new Error('a canary template needs exactly one {digits:N} or {alnum:N} slot');
  }
  const length = Number(m[2]);
  if (length < 4 || length > 32) throw new Error('a canary fill must be 4 to 32 characters');
  return {
    prefix: template.slice(0, m.index),
    suffix: template.slice(m.index + m[0].length),
    kind: m[1]!,
    length,
  };
}

/** Draws a random filling of a format (`digits:9`, `alnum:12`) with a cryptographic RNG. */
export function randomFill(format: string): string {
  const [kind, n] = format.split(':');
  const alphabet = kind === 'digits' ? '0123456789' : ALNUM;
  return Array.from({ length: Number(n) }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** A new canary from a template, with a fresh random secret. */
export function createCanary(template: string, repeat: number): Canary {
  const t = parseTemplate(template);
  const format = `${t.kind}:${t.length}`;
  return {
    id: `cn_${randomUUID().slice(0, 8)}`,
    prefix: t.prefix,
    suffix: t.suffix,
    secret: randomFill(format),
    format,
    repeat,
  };
}

export const canaryText = (c: Canary): string => `${c.prefix}${c.secret}${c.suffix}`;
