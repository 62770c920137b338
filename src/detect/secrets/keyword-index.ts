/** One keyword occurrence: where it starts in the text and which rules listed it. */
export interface KeywordHit {
  at: number;
  keyword: string;
  rules: readonly number[];
}

const ALPHABET = 128;

/**
 * Finds every occurrence of many lower-case ASCII keywords in one pass: an Aho-Corasick automaton
 * compiled to a dense transition table (states x 128), so each input character costs one array read.
 * Hand-written because V8 runs a large keyword alternation by trying alternatives per position, which
 * measured several times slower, and the npm Aho-Corasick packages work on Unicode graphemes.
 */
export class KeywordIndex {
  private readonly next: Int32Array;
  /** Keyword ids that end in each state (own and inherited through failure links). */
  private readonly outputs: (readonly number[] | undefined)[];
  /** 1 where a state has outputs, so the hot loop reads a typed array only. */
  private readonly accepting: Uint8Array;
  private readonly keywords: string[] = [];
  private readonly rulesOf: number[][] = [];

  constructor(keywordsByRule: readonly (readonly string[])[]) {
    const ids = new Map<string, number>();
    keywordsByRule.forEach((keywords, rule) => {
      for (const keyword of new Set(keywords)) {
        if (keyword.length === 0 || /[^\x20-\x7e]/.test(keyword)) continue;
        let id = ids.get(keyword);
        if (id === undefined) {
          id = this.keywords.length;
          ids.set(keyword, id);
          this.keywords.push(keyword);
          this.rulesOf.push([]);
        }
        this.rulesOf[id]?.push(rule);
      }
    });
    // Trie with -1 for missing edges, then breadth-first failure links folded into a full DFA.
    const trie: number[][] = [new Array<number>(ALPHABET).fill(-1)];
    const own: number[][] = [[]];
    this.keywords.forEach((keyword, id) => {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const c = keyword.charCodeAt(i);
        const row = trie[state] ?? [];
        if ((row[c] ?? -1) === -1) {
          row[c] = trie.length;
          trie.push(new Array<number>(ALPHABET).fill(-1));
          own.push([]);
        }
        state = row[c] ?? 0;
      }
      own[state]?.push(id);
    });
    const next = new Int32Array(trie.length * ALPHABET);
    const fail = new Int32Array(trie.length);
    const outputs: (number[] | undefined)[] = own.map((o) => (o.length > 0 ? [...o] : undefined));
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const s = trie[0]?.[c] ?? -1;
      next[c] = s === -1 ? 0 : s;
      if (s !== -1) queue.push(s);
    }
    for (let head = 0; head < queue.length; head++) {
      const r = queue[head] ?? 0;
      const inherited = outputs[fail[r] ?? 0];
      if (inherited) outputs[r] = [...(outputs[r] ?? []), ...inherited];
      for (let c = 0; c < ALPHABET; c++) {
        const s = trie[r]?.[c] ?? -1;
        const viaFail = next[(fail[r] ?? 0) * ALPHABET + c] ?? 0;
        if (s === -1) next[r * ALPHABET + c] = viaFail;
        else {
          next[r * ALPHABET + c] = s;
          fail[s] = viaFail;
          queue.push(s);
        }
      }
    }
    this.next = next;
    this.outputs = outputs;
    this.accepting = Uint8Array.from(outputs, (o) => (o ? 1 : 0));
  }

  /** Every keyword occurrence in `lower` (already lower-cased), sorted by start. */
  find(lower: string): KeywordHit[] {
    const hits: KeywordHit[] = [];
    const { next, accepting } = this;
    let state = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      state = c < ALPHABET ? (next[state * ALPHABET + c] ?? 0) : 0;
      if (accepting[state] === 0) continue;
      for (const id of this.outputs[state] ?? []) {
        const keyword = this.keywords[id] ?? '';
        hits.push({ at: i - keyword.length + 1, keyword, rules: this.rulesOf[id] ?? [] });
      }
    }
    return hits.sort((a, b) => a.at - b.at || b.keyword.length - a.keyword.length);
  }
}
