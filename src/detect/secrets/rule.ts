import type { GitleaksAllow } from './gitleaks-types.js';

/** Where a candidate is dropped by an allowlist regex: the secret, the whole match, or its line. */
export type AllowTarget = GitleaksAllow['target'];

/** A compiled allowlist. */
export interface Allow {
  target: AllowTarget;
  regexes: readonly RegExp[];
  stopwords: readonly string[];
}

/** One secret format, as written by hand or converted from gitleaks. */
export interface SecretRuleDefinition {
  /** Stable id, e.g. 'github-pat'; reported in a finding's evidence. */
  id: string;
  /** Entity type of the findings, e.g. 'GITHUB_TOKEN'. */
  entity: string;
  /** 'credential' for connection strings and URL user-info; 'secret' otherwise. */
  category?: 'secret' | 'credential';
  description: string;
  /** Lower-case literals; the rule runs only near their occurrences. */
  keywords: readonly string[];
  /** Full pattern, run in a window around each keyword hit. */
  pattern?: RegExp;
  /** Match `pattern` exactly at each keyword's start or end instead of searching a window. */
  sticky?: 'start' | 'end';
  /** Capture group holding the secret; default: the first group that matched, else the whole match. */
  group?: number;
  /**
   * Assignment form: a name, an operator, then `value`. The name is the keyword hit itself unless
   * `name` is given, which is then searched near the hits (names with separators or case rules).
   */
  name?: RegExp;
  /** Separator between name and value (sticky); default: gitleaks' `=`, `:`, `=>`, ... grammar. */
  operator?: RegExp;
  /** The name starts where its keyword does: match `name` there instead of searching near the hit. */
  nameAtKeyword?: boolean;
  value?: RegExp;
  /** How far (chars) before / after a keyword hit a match may reach; defaults 256 / 1024. */
  before?: number;
  after?: number;
  /** Minimum Shannon entropy (bits/char) of the secret; at or below it the candidate is dropped. */
  entropy?: number;
  /** Confidence of a finding; default 0.9 for formats with a fixed prefix, 0.8 for assignments. */
  score?: number;
  allow?: readonly Allow[];
  /** Provider prefix not counted when judging placeholders (`sk_live_`). */
  prefix?: string;
  /** Structural check (e.g. a JWT header that decodes); false drops the candidate. */
  validate?: (secret: string) => boolean;
  /** Checksum check; true raises the score to 0.99, false keeps the rule's score. */
  checksum?: (secret: string) => boolean;
  /** Skip the shared placeholder filter (formats whose real values look like filler). */
  keepPlaceholders?: boolean;
}

/** Builds an allowlist from regexes and stopwords. */
export function allow(
  target: AllowTarget,
  regexes: readonly RegExp[],
  stopwords: readonly string[] = [],
): Allow {
  return { target, regexes, stopwords };
}
