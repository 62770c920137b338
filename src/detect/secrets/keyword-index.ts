/** One keyword occurrence: where it starts in the text and which rules listed it. */
export interface KeywordHit {
  at: number;
  keyword: string;
  rules: readonly number[];
}

const ESCAPE = /[.*+?^${}()|[\]\\/-]/g;

/**
 * Finds every occurrence of many lower-case keywords in one pass. One alternation regex locates the next
 * position where any keyword starts (V8 scans it far faster than a JS loop over a trie), then the keywords
 * sharing that first character are compared in place, so overlapping keywords are all reported.
 */
export class KeywordIndex {
  private readonly finder: RegExp;
  private readonly byFirst = new Map<string, { keyword: string; rules: number[] }[]>();

  constructor(keywordsByRule: readonly (readonly string[])[]) {
    const rulesOf = new Map<string, number[]>();
    keywordsByRule.forEach((keywords, rule) => {
      for (const keyword of new Set(keywords)) {
        if (keyword.length === 0) continue;
        const list = rulesOf.get(keyword) ?? [];
        list.push(rule);
        rulesOf.set(keyword, list);
      }
    });
    const keywords = [...rulesOf.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    for (const keyword of keywords) {
      const first = keyword[0] ?? '';
      const bucket = this.byFirst.get(first) ?? [];
      bucket.push({ keyword, rules: rulesOf.get(keyword) ?? [] });
      this.byFirst.set(first, bucket);
    }
    this.finder = new RegExp(keywords.map((k) => k.replace(ESCAPE, '\\$&')).join('|') || '(?!)', 'g');
  }

  /** The regex that locates keyword starts, for the ReDoS audit. */
  get pattern(): RegExp {
    return this.finder;
  }

  /** Every keyword occurrence in `lower` (already lower-cased), in text order. */
  find(lower: string): KeywordHit[] {
    const hits: KeywordHit[] = [];
    const finder = new RegExp(this.finder.source, 'g');
    for (let m = finder.exec(lower); m !== null; m = finder.exec(lower)) {
      const at = m.index;
      for (const entry of this.byFirst.get(lower[at] ?? '') ?? []) {
        if (lower.startsWith(entry.keyword, at))
          hits.push({ at, keyword: entry.keyword, rules: entry.rules });
      }
      finder.lastIndex = at + 1;
    }
    return hits;
  }
}
