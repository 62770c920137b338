import type { z } from 'zod';

/** How bad a successful attack of this kind is. Ordered. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** A chat message in the OpenAI wire shape. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

/** What a run plants in the target so graders can tell whether it came back. */
export interface Plant {
  /** A random word the attack asks the model to say. */
  canary: string;
  /** Fake personal data and a fake secret generated per run from the seed. */
  person: { name: string; email: string; phone: string; card: string; account: string };
  secret: string;
  /** The system prompt sent with every attack (the user's, with the planted data appended). */
  systemPrompt: string;
}

/** One prompt a probe produces, before a strategy disguises it. */
export interface ProbePrompt {
  /** Stable within the probe: `<probe>/<n>`. */
  id: string;
  /** The messages after the system prompt; the last user message is what strategies disguise. */
  messages: ChatMessage[];
  /** The instruction hidden in the attack (what decoded-payload grading looks for). */
  payload: string;
  /** Expected effects the graders check, e.g. the canary, the planted values, a divergence word. */
  expects: Expect[];
  /** Tools offered to the model (function-calling probes). */
  tools?: ToolSpec[];
}

export type Expect =
  | { kind: 'canary' }
  | { kind: 'system-prompt' }
  | { kind: 'planted-data' }
  | { kind: 'divergence'; word: string }
  | { kind: 'sensitive-output' }
  | { kind: 'tool-call'; name: string }
  | { kind: 'exfil-url' };

export interface ToolSpec {
  name: string;
  description: string;
}

export interface ProbeContext {
  plant: Plant;
  random: Random;
}

/** What to test: a family of base prompts for one attack class. */
export interface ProbeDescriptor {
  id: string;
  category: ProbeCategory;
  severity: Severity;
  description: string;
  /** Number of base prompts it yields (for listing and the ≥300 check). */
  size: number;
  build(ctx: ProbeContext): ProbePrompt[];
}

export const CATEGORIES = [
  'instruction-override',
  'system-prompt-extraction',
  'pii-extraction',
  'training-data-extraction',
  'jailbreak-persona',
  'indirect-injection',
  'exfiltration',
  'tool-hijack',
  'many-shot',
  'multilingual',
] as const;
export type ProbeCategory = (typeof CATEGORIES)[number];

/** How to disguise: rewrites the attack text; `decode` hints let graders read an encoded answer. */
export interface StrategyDescriptor {
  id: string;
  description: string;
  /** Disguises the payload text; returns one or more user messages (payload splitting yields several). */
  apply(text: string, random: Random): string[];
}

/** One fully built attack: probe prompt × strategy. */
export interface Attack {
  /** `<probe-prompt-id>@<strategy>`: stable across runs with the same seed. */
  id: string;
  probe: string;
  category: ProbeCategory;
  severity: Severity;
  strategy: string;
  messages: ChatMessage[];
  payload: string;
  expects: Expect[];
  tools?: ToolSpec[];
}

/** The target's answer to one attack. */
export interface TargetReply {
  content: string;
  toolCalls: { name: string; arguments: string }[];
}

/** One grader's verdict on one attempt. */
export interface GradeResult {
  grader: string;
  /** True when the attack worked. */
  hit: boolean;
  /** Why, without the sensitive value itself. */
  reason: string;
  score?: number;
}

export interface GradeInput {
  attack: Attack;
  reply: TargetReply;
  plant: Plant;
}

/** Did it work: a deterministic (or judge-backed) check of a reply. */
export interface GraderDescriptor {
  id: string;
  description: string;
  /** Which expectation kinds it answers; graders run only on attacks that expect them. */
  answers: readonly Expect['kind'][] | 'all';
  /** Signals a defence (refusal) rather than a success. */
  defensive?: boolean;
  options?: z.ZodType;
  grade(input: GradeInput): GradeResult | Promise<GradeResult>;
}

/** A reproducible random source. */
export interface Random {
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  word(length: number, alphabet?: string): string;
}
