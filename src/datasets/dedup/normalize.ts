/** Normal form for duplicate detection: NFKC, case-folded, punctuation dropped, whitespace collapsed. */
export function normalizeForDedup(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}
