import { z } from 'zod';
import { SKETCH_SLOTS } from './sketch.js';
import type { MonitorEvent } from './types.js';

/** A batch of events as one replica published it. */
export interface EventBatch {
  /** The publishing replica (its own batches come back on the channel and are ignored). */
  readonly replica: string;
  readonly events: MonitorEvent[];
}

const id = z.string().min(1).max(256);
const count = z.number().int().min(0).max(1e12);
const SKETCH_BASE64 = Math.ceil((SKETCH_SLOTS * 4) / 3) * 4;
const wireEvent = z.strictObject({
  at: z.number().finite(),
  principal: id,
  keyId: id.optional(),
  tenant: id.optional(),
  source: id.optional(),
  session: id.optional(),
  requestId: id.optional(),
  model: z.string().max(256),
  promptChars: count,
  tokensIn: count,
  tokensOut: count,
  findings: count,
  restrictedFindings: count,
  blockedCode: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,63}$/)
    .optional(),
  upstream: id.optional(),
  upstreamMs: z.number().min(0).max(1e9).optional(),
  upstreamError: z.boolean().optional(),
  sketch: z.base64().length(SKETCH_BASE64).optional(),
});
const wireBatch = z.strictObject({
  v: z.literal(1),
  r: z.string().min(1).max(64),
  e: z.array(wireEvent).max(10_000),
});
type WireEvent = z.infer<typeof wireEvent>;

const ID_FIELDS = ['keyId', 'tenant', 'source', 'session', 'requestId', 'blockedCode', 'upstream'] as const;

function sketchToBase64(sketch: Uint32Array): string {
  const bytes = Buffer.allocUnsafe(sketch.length * 4);
  for (let i = 0; i < sketch.length; i++) bytes.writeUInt32LE(sketch[i] ?? 0, i * 4);
  return bytes.toString('base64');
}

function sketchFromBase64(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const out = new Uint32Array(bytes.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}

/**
 * The wire form of events. Fields are copied one by one from a fixed list, never spread, so a field
 * added to `MonitorEvent` later does not reach other replicas unless it is added here on purpose:
 * what travels is counts, identifiers, closed-set labels and the prompt's MinHash sketch, never text.
 */
export function encodeBatch(replica: string, events: readonly MonitorEvent[]): string {
  const wire: WireEvent[] = events.map((e) => {
    const w: Record<string, unknown> = {
      at: e.at,
      principal: e.principal,
      model: e.model.slice(0, 256),
      promptChars: e.promptChars,
      tokensIn: e.tokensIn,
      tokensOut: e.tokensOut,
      findings: e.findings,
      restrictedFindings: e.restrictedFindings,
    };
    for (const f of ID_FIELDS) if (e[f] !== undefined) w[f] = e[f];
    if (e.upstreamMs !== undefined) w.upstreamMs = e.upstreamMs;
    if (e.upstreamError !== undefined) w.upstreamError = e.upstreamError;
    if (e.sketch?.length === SKETCH_SLOTS) w.sketch = sketchToBase64(e.sketch);
    return w as WireEvent;
  });
  return JSON.stringify({ v: 1, r: replica, e: wire });
}

/** Parses and validates a peer's batch; undefined for anything malformed (it is dropped whole). */
export function decodeBatch(message: string): EventBatch | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = wireBatch.safeParse(raw);
  if (!parsed.success) return undefined;
  const events = parsed.data.e.map((w): MonitorEvent => {
    const { sketch, ...rest } = w;
    return sketch === undefined ? rest : { ...rest, sketch: sketchFromBase64(sketch) };
  });
  return { replica: parsed.data.r, events };
}
