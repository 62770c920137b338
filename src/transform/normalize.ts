/** Types whose separators carry no meaning: '4111 1111…' and '4111-1111…' are the same card. */
const SEPARATOR_FREE = new Set([
  'CREDIT_CARD',
  'IBAN',
  'PHONE',
  'US_SSN',
  'US_ITIN',
  'UK_NINO',
  'UK_NHS',
  'ZIP_CODE',
]);

/** Types compared case-insensitively. */
const CASE_FREE = new Set(['EMAIL', 'DOMAIN_NAME', 'IBAN', 'UK_NINO', 'MAC_ADDRESS', 'MAC', 'IP_ADDRESS']);

/**
 * The canonical form of a value, so one person or card written two ways gets one pseudonym or hash.
 * Whitespace is collapsed for every type.
 */
export function normalizeValue(type: string, value: string): string {
  let v = value.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (SEPARATOR_FREE.has(type)) v = v.replace(/[\s\-.()/]/g, '');
  if (CASE_FREE.has(type)) v = v.toLowerCase();
  return v;
}
