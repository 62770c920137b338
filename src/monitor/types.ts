/** What the monitor sees of one request: counts and closed-set labels, never prompt text. */
export interface MonitorEvent {
  /** Epoch milliseconds (the simulator passes accelerated time). */
  readonly at: number;
  readonly principal: string;
  readonly keyId?: string | undefined;
  readonly tenant?: string | undefined;
  readonly source?: string | undefined;
  readonly session?: string | undefined;
  /** The gateway request this event describes (lets a peer's audit record point at it). */
  readonly requestId?: string | undefined;
  readonly model: string;
  readonly promptChars: number;
  readonly tokensIn: number;
  readonly tokensOut: number;
  /** Findings on the input, any type. */
  readonly findings: number;
  /** Findings at level `restricted` or above (reads of restricted data). */
  readonly restrictedFindings: number;
  /** Error code when the request was refused (e.g. `PROMPT_INJECTION_BLOCKED`). */
  readonly blockedCode?: string | undefined;
  readonly upstream?: string | undefined;
  readonly upstreamMs?: number | undefined;
  readonly upstreamError?: boolean | undefined;
  /** Similarity sketch of the prompt (see `sketch.ts`); the text itself never reaches the monitor. */
  readonly sketch?: Uint32Array | undefined;
}

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Ordinal of a severity, for comparisons. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** `service`: one of Bulwark's own dependencies (e.g. the limits store). */
export type SubjectKind = 'principal' | 'key' | 'tenant' | 'source' | 'session' | 'upstream' | 'service';

/** Who or what a signal is about. `id` is an identifier (principal id, key id), never a secret. */
export interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
}

/** Evidence is numbers and closed-set labels only: no prompt text, no secrets. */
export type Evidence = Readonly<Record<string, number | string | boolean>>;

/** One detector's verdict on one event. */
export interface Signal {
  readonly detector: string;
  readonly severity: Severity;
  readonly subject: Subject;
  /** Risk points this signal adds to the session score. */
  readonly score: number;
  readonly summary: string;
  readonly evidence: Evidence;
  readonly at: number;
}
