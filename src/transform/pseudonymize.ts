import { en } from '@faker-js/faker';
import { keyedDigest } from './key.js';
import { normalizeValue } from './normalize.js';

const FIRST = en.person?.first_name?.generic ?? ['Alex'];
const LAST = en.person?.last_name?.generic ?? ['Smith'];
const CITIES = en.location?.city_name ?? ['Springfield'];
const STREET_SUFFIXES = en.location?.street_suffix ?? ['Street'];
const LEGAL: readonly string[] = Array.isArray(en.company?.legal_entity_type)
  ? en.company.legal_entity_type
  : ['LLC', 'Inc', 'Group'];
const INITIALS = [...'ABCDEFGHIJKLMNOPRSTVW'];

/** Reads an unsigned index from digest bytes at `offset` (4 bytes). */
function pick(list: readonly string[], digest: Buffer, offset: number): string {
  return list[digest.readUInt32BE(offset) % list.length]!;
}

type Shape = (digest: Buffer, hex: string) => string;

/** A realistic value space per type; a pseudonym is an HMAC-chosen point in it. */
const SHAPES: Readonly<Record<string, Shape>> = {
  // first × initial × last ≈ 2.3 M names, so collisions stay rare in a dataset.
  PERSON: (d) => `${pick(FIRST, d, 0)} ${pick(INITIALS, d, 4)}. ${pick(LAST, d, 8)}`,
  EMAIL: (_d, hex) => `user_${hex.slice(0, 8)}@example.invalid`,
  LOCATION: (d) => pick(CITIES, d, 0),
  ADDRESS: (d) => `${(d.readUInt16BE(0) % 9899) + 100} ${pick(LAST, d, 4)} ${pick(STREET_SUFFIXES, d, 8)}`,
  ORGANIZATION: (d) => `${pick(LAST, d, 0)} ${pick(LAST, d, 4)} ${pick(LEGAL, d, 8)}`,
  DOMAIN_NAME: (_d, hex) => `d-${hex.slice(0, 8)}.example`,
  URL: (_d, hex) => `https://u-${hex.slice(0, 8)}.example/`,
  // RFC 1918 and RFC 4193 ranges: a pseudonymous address never points at a real host.
  IP_ADDRESS: (d) => `10.${d[0]!}.${d[1]!}.${d[2]!}`,
};

/**
 * A consistent pseudonym: the same (key, scope, type, value) always gives the same replacement; a
 * different key or scope gives an unrelated one. Types without a value space get `TYPE_3f9a21bc`.
 */
export function pseudonymize(key: Buffer, scope: string, type: string, value: string): string {
  const digest = keyedDigest(key, ['pseudonymize', scope, type, normalizeValue(type, value)]);
  const hex = digest.toString('hex');
  if (type === 'IP_ADDRESS' && value.includes(':')) return `fd00::${hex.slice(0, 4)}:${hex.slice(4, 8)}`;
  const shape = SHAPES[type];
  return shape ? shape(digest, hex) : `${type}_${hex.slice(0, 8)}`;
}
