import { z } from 'zod';
import { LEVELS } from '../core/index.js';

const count = z.number().int().nonnegative();
const short = z.string().max(256);

/**
 * What a caller may put into an audit record. `.strict()`: an unknown field is an error, so nobody can
 * slip prompt text into the log under a new name. `prompt`, `response` and `transcript` are accepted
 * only to be digested or encrypted by the log; they are never stored as given.
 */
export const auditInputSchema = z
  .object({
    kind: z.enum(['request', 'admin', 'system']),
    requestId: short.optional(),
    tenant: short.optional(),
    principal: short.optional(),
    role: short.optional(),
    sourceAddress: short.optional(),
    route: short.optional(),
    model: short.optional(),
    upstream: short.optional(),
    levelIn: z.enum(LEVELS).optional(),
    levelOut: z.enum(LEVELS).optional(),
    /** Finding type → count; types only, never the matched text. */
    findings: z.record(z.string().regex(/^[A-Z0-9_]{1,64}$/), count).optional(),
    decision: z
      .object({
        action: z.enum(['allow', 'redact', 'tokenize', 'block', 'route']),
        reasons: z.array(short).max(32),
      })
      .strict()
      .optional(),
    tokens: z.object({ prompt: count.optional(), completion: count.optional() }).strict().optional(),
    latencyMs: z.number().nonnegative().optional(),
    /** Of `latencyMs`, the time spent waiting on the upstream (the rest is what the gateway added). */
    upstreamMs: z.number().nonnegative().optional(),
    status: z.number().int().min(100).max(599).optional(),
    /** Administrative action, e.g. 'keys.rotate-root', 'subject.erase', 'audit.purge'. */
    action: z
      .string()
      .regex(/^[a-z0-9_.-]{1,64}$/)
      .optional(),
    target: short.optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    prompt: z.string().optional(),
    response: z.string().optional(),
    /** A redacted transcript the policy asked to keep; stored encrypted under the tenant's data key. */
    transcript: z.string().optional(),
  })
  .strict();

export type AuditInput = z.input<typeof auditInputSchema>;

/** The record as stored: the input minus raw content, plus id, time and digests. */
export type AuditRecord = Omit<z.output<typeof auditInputSchema>, 'prompt' | 'response' | 'transcript'> & {
  v: 1;
  id: string;
  time: string;
  /** Log position; added under the append lock (absent until then). */
  seq?: number;
  /** 'hmac-sha256:<hex>' of the prompt / response under the audit digest key. */
  promptDigest?: string;
  responseDigest?: string;
  /** Which digest key made the digests. */
  digestKeyId?: string;
  /** AES-256-GCM envelope ciphertext of the transcript, base64. */
  transcript?: string;
};

/** JSON with object keys sorted at every level, so the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}
