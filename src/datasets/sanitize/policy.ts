import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { atLeast, LEVELS, type Level } from '../../core/index.js';
import type { EntityDescriptor } from '../../detect/index.js';
import { levelOf, type ClassificationRules } from '../../detect/index.js';
import { operatorSpecSchema, type OperatorSpec } from '../../transform/index.js';

/** What happens to a finding: a transform operator, or dropping its field or its whole record. */
export const sanitizeActionSchema = z.union([operatorSpecSchema, z.enum(['drop_field', 'drop_record'])]);
export type SanitizeAction = z.infer<typeof sanitizeActionSchema>;

const ruleSchema = z
  .strictObject({
    /** Entity types this rule covers. */
    types: z.array(z.string().min(1)).min(1).optional(),
    /** Covers every type that classifies at or above this level. */
    level: z.enum(LEVELS).optional(),
    action: sanitizeActionSchema,
  })
  .refine((r) => r.types !== undefined || r.level !== undefined, {
    message: 'a rule needs `types` or `level`',
  });

export const sanitizePolicySchema = z.strictObject({
  /** Environment variable holding the key for pseudonymize/hash (same key → same pseudonyms across runs). */
  key_env: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
  /** Separates pseudonyms of different datasets made with one key. */
  scope: z.string().max(200).optional(),
  /** Seed for synthesize, for reproducible fakes. */
  seed: z.int().optional(),
  /** Minimisation: only these top-level fields or dotted paths are kept (default: all). */
  keep_fields: z.array(z.string().min(1)).min(1).optional(),
  /** Which strings to scan (selectors; default: every string kept). */
  fields: z.array(z.string().min(1)).min(1).optional(),
  /** First matching rule wins. */
  rules: z.array(ruleSchema).default([]),
  /** Action for findings no rule covers. */
  default: sanitizeActionSchema.default('redact'),
});
export type SanitizePolicy = z.infer<typeof sanitizePolicySchema>;

export interface LoadedPolicy {
  policy: SanitizePolicy;
  /** SHA-256 of the policy as parsed (canonical JSON), for the manifest. */
  digest: string;
}

/** Loads and validates a policy file; errors name the path and line, never a value. */
export function loadSanitizePolicy(path: string): LoadedPolicy {
  const doc = parseDocument(readFileSync(path, 'utf8'));
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new Error(`${path}:${e.linePos?.[0]?.line ?? '?'}: invalid YAML (${e.code})`);
  }
  const parsed = sanitizePolicySchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { policy: parsed.data, digest: digestOf(parsed.data) };
}

export function digestOf(policy: SanitizePolicy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Resolves the action for each entity type once (first matching rule, else the default). */
export function actionsByType(
  policy: SanitizePolicy,
  entities: ReadonlyMap<string, EntityDescriptor>,
  classification?: ClassificationRules,
): (type: string) => SanitizeAction {
  const cache = new Map<string, SanitizeAction>();
  return (type) => {
    let action = cache.get(type);
    if (action === undefined) {
      const level: Level = levelOf(type, entities, classification);
      const rule = policy.rules.find(
        (r) => r.types?.includes(type) || (r.level !== undefined && atLeast(level, r.level)),
      );
      action = rule?.action ?? policy.default;
      cache.set(type, action);
    }
    return action;
  };
}

/** The transform operator of an action, or undefined for the drop actions. */
export function operatorOf(action: SanitizeAction): OperatorSpec | undefined {
  return action === 'drop_field' || action === 'drop_record' ? undefined : action;
}
