/** Data classification levels, ordered from least to most sensitive. */
export const LEVELS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

/** Position of a level in the order; higher is more sensitive. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** The more sensitive of two levels. */
export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** True when `level` is at or above `threshold`. */
export function atLeast(level: Level, threshold: Level): boolean {
  return levelRank(level) >= levelRank(threshold);
}

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** One detected span. Offsets are UTF-16 code-unit indices into the scanned text. */
export interface Finding {
  /** 'EMAIL', 'PERSON', 'CREDIT_CARD', 'AWS_ACCESS_KEY', 'PROMPT_INJECTION', ... */
  type: string;
  start: number;
  end: number;
  /** Confidence in 0..1. */
  score: number;
  /** Id of the recogniser that produced it. */
  recognizer: string;
  /**
   * Why it fired, without the matched value: families, context words, decoded-segment kind.
   * Never holds the sensitive text itself.
   */
  evidence?: readonly string[];
}

export type Action = 'allow' | 'redact' | 'tokenize' | 'block' | 'route';

export interface Decision {
  action: Action;
  level: Level;
  reasons: string[];
  findings: Finding[];
}

export type PrincipalKind = 'user' | 'service' | 'anonymous';

/** Who is calling: resolved by authentication, read by every later stage. */
export interface Principal {
  id: string;
  tenant: string;
  kind: PrincipalKind;
  roles: readonly string[];
  clearance: Level;
  /** Key id when authenticated by API key (never the secret). */
  keyId?: string;
  scopes?: { models?: readonly string[]; routes?: readonly string[] };
}
