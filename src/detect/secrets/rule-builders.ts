import type { SecretRuleDefinition } from './rule.js';

export type Extra = Partial<SecretRuleDefinition>;

/** A token with a fixed provider prefix; the prefix (lower-cased) is the keyword. */
export function prefixed(
  id: string,
  entity: string,
  description: string,
  prefix: string,
  body: string,
  extra: Extra = {},
): SecretRuleDefinition {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    id,
    entity,
    description,
    keywords: [prefix.toLowerCase()],
    pattern: new RegExp(String.raw`(?<![A-Za-z0-9_-])(${escaped}${body})(?![A-Za-z0-9_-])`),
    prefix,
    before: 8,
    after: body.length + 512,
    score: 0.95,
    ...extra,
  };
}

/** A value without a distinctive prefix, recognised by the key-like name it is assigned to. */
export function assigned(
  id: string,
  entity: string,
  description: string,
  names: readonly string[],
  value: RegExp,
  extra: Extra = {},
): SecretRuleDefinition {
  return {
    id,
    entity,
    description,
    keywords: names.map((n) => n.toLowerCase().replace(/\\/g, '')),
    value,
    entropy: 3,
    score: 0.8,
    ...extra,
  };
}

export const HEX32 = /[a-f0-9]{32}/i;
export const HEX40 = /[a-f0-9]{40}/i;
export const HEX64 = /[a-f0-9]{64}/i;
