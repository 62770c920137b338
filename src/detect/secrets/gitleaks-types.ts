/** A regex as data: JavaScript source and flags. */
export type PatternSpec = readonly [source: string, flags: string];

/** One allowlist: a candidate is dropped when any regex matches its target or a stopword occurs in it. */
export interface GitleaksAllow {
  /** What the regexes test: the secret value, the whole match, or the line it sits on. */
  target: 'secret' | 'match' | 'line';
  regexes?: readonly PatternSpec[];
  /** Lower-case substrings; a secret containing one is a placeholder or a known non-secret. */
  stopwords?: readonly string[];
}

/** A gitleaks rule in data form, as produced by scripts/secrets-gitleaks-convert.ts. */
export interface GitleaksRule {
  id: string;
  description: string;
  keywords: readonly string[];
  /** Full pattern (prefix-style rules); the secret is `group` or the first non-empty group. */
  pattern?: PatternSpec;
  group?: number;
  /** Template rules: an identifier (`name`) assigned a `value`; run anchored at keyword hits. */
  name?: PatternSpec;
  value?: PatternSpec;
  entropy?: number;
  allow?: readonly GitleaksAllow[];
}
