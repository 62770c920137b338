import { tokenize } from './tokenize.js';

/** Names of the gazetteer lists; a list's index is its bit in a token's membership mask. */
export const GAZETTEER_LISTS = [
  'first_name',
  'last_name',
  'city',
  'country',
  'state',
  'street_type',
  'secondary',
  'company_suffix',
  'org_word',
  'prefix',
  'job',
  'nrp',
  'common_word',
  'calendar',
  'age_cue',
  'location_word',
] as const;
export type GazetteerList = (typeof GAZETTEER_LISTS)[number];

/** The committed, serialisable form: lower-case entries per list. */
export type GazetteerData = Partial<Record<GazetteerList, readonly string[]>>;

/** Longest multi-token entry that phrase matching looks for. */
const MAX_PHRASE = 5;

/** Compiled lookups: per-token membership and whole-entry (phrase) matches. */
export interface Gazetteer {
  /** Bit mask of lists that contain the lower-case word as one of an entry's tokens. */
  tokenMask(lower: string): number;
  /**
   * For each token, the lists whose full entry covers it (longest match wins), e.g. both tokens of
   * "new york" get the city bit. `lowers` are the tokens' lower-case texts.
   */
  phraseMasks(lowers: readonly string[]): Uint32Array;
}

/** A node of the phrase trie: the lists whose entry ends here, and the words that may follow. */
interface PhraseNode {
  bits: number;
  next: Map<string, PhraseNode> | undefined;
}

/** Builds the lookups from list data; entries are tokenised exactly as scanned text is. */
export function compileGazetteer(data: GazetteerData): Gazetteer {
  const tokens = new Map<string, number>();
  // A trie over entry words: matching walks it token by token instead of building joined keys.
  const root: PhraseNode = { bits: 0, next: new Map() };
  GAZETTEER_LISTS.forEach((list, bit) => {
    for (const entry of data[list] ?? []) {
      const words = tokenize(entry.toLowerCase()).map((t) => t.text);
      if (words.length === 0 || words.length > MAX_PHRASE) continue;
      let node = root;
      for (const w of words) {
        tokens.set(w, (tokens.get(w) ?? 0) | (1 << bit));
        node.next ??= new Map();
        let child = node.next.get(w);
        if (!child) node.next.set(w, (child = { bits: 0, next: undefined }));
        node = child;
      }
      node.bits |= 1 << bit;
    }
  });
  return {
    tokenMask: (lower) => tokens.get(lower) ?? 0,
    phraseMasks(lowers) {
      const masks = new Uint32Array(lowers.length);
      for (let i = 0; i < lowers.length; i++) {
        let node = root.next!.get(lowers[i]!);
        for (let n = 1; node !== undefined; n++) {
          if (node.bits !== 0) for (let j = i; j < i + n; j++) masks[j]! |= node.bits;
          if (i + n >= lowers.length || node.next === undefined) break;
          node = node.next.get(lowers[i + n]!);
        }
      }
      return masks;
    },
  };
}
