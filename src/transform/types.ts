import { z } from 'zod';

/** Operator names, as Presidio users know them. */
export const OPERATOR_NAMES = ['redact', 'mask', 'hash', 'pseudonymize', 'synthesize', 'keep'] as const;
export type OperatorName = (typeof OPERATOR_NAMES)[number];

/** How one entity type is transformed: a name, or a name with options. */
export const operatorSpecSchema = z.union([
  z.enum(OPERATOR_NAMES),
  z.strictObject({
    operator: z.literal('redact'),
    /** Replacement text; default `[TYPE]`. */
    label: z.string().max(64).optional(),
  }),
  z.strictObject({
    operator: z.literal('mask'),
    /** Characters kept at the end; capped at half the value so short values never show in full. */
    keepLast: z.int().min(0).max(64).optional(),
    char: z.string().length(1).optional(),
    /** Keep separators (space, '-', '.', '@', '/') so `****-****-****-1234` stays readable. Default true. */
    keepSeparators: z.boolean().optional(),
  }),
  z.strictObject({
    operator: z.literal('hash'),
    /** Hex characters of the HMAC kept; default 64 (all), at least 16. */
    length: z.int().min(16).max(64).optional(),
  }),
  z.strictObject({ operator: z.literal('pseudonymize') }),
  z.strictObject({ operator: z.literal('synthesize') }),
  z.strictObject({ operator: z.literal('keep') }),
]);
export type OperatorSpec = z.infer<typeof operatorSpecSchema>;

/** Operator per entity type; the `DEFAULT` entry (Presidio's name) covers every other type. */
export type OperatorMap = Readonly<Record<string, OperatorSpec>>;

/** One replacement made, located in the output text. Never carries the original value. */
export interface AppliedOperation {
  type: string;
  /** UTF-16 offsets into the output text. */
  start: number;
  end: number;
  operator: OperatorName | 'tokenize';
}

export interface AnonymizeOptions {
  /** Operator per type plus `DEFAULT`; when absent everything is redacted. */
  operators?: OperatorMap;
  /** Secret for `hash` and `pseudonymize` (at least 16 bytes); required when either is used. */
  key?: string | Uint8Array;
  /** Separates pseudonyms of different scopes (tenant, dataset) made with one key. */
  scope?: string;
  /** Seed for `synthesize`; same seed and input give the same output. Default: random. */
  seed?: number;
}

export interface AnonymizeResult {
  text: string;
  /** Sorted by position in the output. */
  operations: AppliedOperation[];
}
