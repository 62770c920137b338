/**
 * Honorifics and forms of address before a name ('Mr.', 'Dr', 'Frau', 'Mme', 'Sra.'). Shared by the
 * `pii.title` recogniser, which reports them as TITLE, and the NER tagger, which keeps them out of PERSON
 * spans, so both agree on what is a title.
 */

/** How much an honorific needs around it to count. */
type Kind =
  /** Period optional; without one it must be title-cased ('Dr Smith'). */
  | 'abbr'
  /** Only with a period ('Rev.', 'Gen.'): bare, they are ordinary words. */
  | 'dotted'
  /** Only with a period and not after a capitalised word: 'M.' and 'Sr.' are also initials and 'Senior'. */
  | 'initial'
  /** Whole words ('Miss', 'Herr', 'Lady'): title-cased, before a capitalised word. */
  | 'word'
  /** 'Don' is a first name in English: a title only in Spanish, Italian and Portuguese text. */
  | 'romance';

const BY_KIND: Readonly<Record<Kind, readonly string[]>> = {
  abbr: ['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'mme', 'mlle', 'mmes', 'messrs', 'sra', 'srta', 'dra', 'revd'],
  dotted: ['rev', 'hon', 'capt', 'sgt', 'lt', 'col', 'gen', 'maj', 'cpl', 'adm', 'cmdr'],
  initial: ['m', 'sr'],
  word: [
    'miss', 'sir', 'dame', 'lord', 'lady', 'herr', 'frau', 'madame', 'mademoiselle', 'monsieur', 'señor', 'señora',
    'señorita', 'doña', 'signor', 'signora', 'signorina',
  ],
  romance: ['don'],
}; // prettier-ignore
const KINDS: ReadonlyMap<string, Kind> = new Map(
  (Object.entries(BY_KIND) as Array<[Kind, readonly string[]]>).flatMap(([kind, words]) =>
    words.map((w): [string, Kind] => [w, kind]),
  ),
);

/** Every honorific, lower case and without its period (for word lists and tests). */
export const HONORIFICS: readonly string[] = [...KINDS.keys()];
/** Honorifics that count only with a period, so a candidate scan can demand it. */
export const DOTTED_HONORIFICS: readonly string[] = [...BY_KIND.dotted, ...BY_KIND.initial];

const ROMANCE = new Set(['es', 'it', 'pt']);
// The honorific, an optional period, then 1–3 spaces (not a line break) before the next word.
const AT = /([\p{L}]{1,12})(\.?)[ \t\u00a0]{1,3}(?=\p{L})/uy;
const UPPER = /\p{Lu}/u;
const TITLE_CASE = /^\p{Lu}\p{Ll}*$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}_]/u;
// '42 Oak Dr. Springfield': 'Dr' after a house number and capitalised street words is 'Drive'.
const STREET_BEFORE = /\d[\p{L}\p{N}-]{0,8}[ \t]{1,3}(?:\p{Lu}[\p{L}'-]{0,30}[ \t]{1,3}){1,3}$/u;
// A capitalised word right before ('John M. Smith', 'John Smith Sr. Paul').
const CAPITALISED_BEFORE = /\p{Lu}[\p{L}'-]{0,30}[ \t]{1,3}$/u;
// A number right before is a unit or an abbreviation ('200 ms. Then', '3 Dr.').
const NUMBER_BEFORE = /\d[ \t]{0,2}$/;

/** Regexes the honorific matcher runs (for the ReDoS audit). */
export const HONORIFIC_PATTERNS: readonly RegExp[] = [AT, STREET_BEFORE, CAPITALISED_BEFORE, NUMBER_BEFORE];

/** An honorific at a position: where it ends (its period included) and how sure the match is. */
export interface HonorificMatch {
  end: number;
  score: number;
}

/**
 * The honorific starting at `start`, when it stands before a name: 'Mr. Smith', 'Dr Jones', 'mrs. ana'
 * (lower-case text), 'Frau Weber', 'Sra. García'. `language` (ISO 639-1) enables 'Don'.
 */
export function honorificAt(text: string, start: number, language?: string): HonorificMatch | undefined {
  if (start > 0 && LETTER_OR_DIGIT.test(text[start - 1]!)) return undefined;
  AT.lastIndex = start;
  const m = AT.exec(text);
  if (m === null) return undefined;
  const word = m[1]!;
  const kind = KINDS.get(word.toLowerCase());
  if (kind === undefined) return undefined;
  const dotted = m[2] === '.';
  const end = start + word.length + (dotted ? 1 : 0);
  const nextUpper = UPPER.test(text[start + m[0].length]!);
  const titleCase = TITLE_CASE.test(word);
  const before = text.slice(Math.max(0, start - 48), start);
  if (NUMBER_BEFORE.test(before)) return undefined;
  switch (kind) {
    case 'abbr':
      if (word.toLowerCase() === 'dr' && STREET_BEFORE.test(before)) return undefined;
      if (dotted) return { end, score: nextUpper ? 0.85 : 0.7 };
      return titleCase && nextUpper ? { end, score: 0.8 } : undefined;
    case 'dotted':
      return dotted && UPPER.test(word[0]!) && nextUpper ? { end, score: 0.8 } : undefined;
    case 'initial':
      return dotted && UPPER.test(word[0]!) && nextUpper && !CAPITALISED_BEFORE.test(before)
        ? { end, score: 0.6 }
        : undefined;
    case 'romance':
      if (language === undefined || !ROMANCE.has(language)) return undefined;
      return !dotted && titleCase && nextUpper ? { end, score: 0.7 } : undefined;
    case 'word':
      return !dotted && titleCase && nextUpper ? { end, score: 0.75 } : undefined;
  }
}
