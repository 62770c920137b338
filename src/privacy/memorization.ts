import { BulwarkError } from '../core/index.js';
import { parseFillFormat, referenceFillings, type CanaryRecord } from './memorization-canaries.js';
import {
  clopperPearson,
  exposureByRank,
  exposureBySkewNormal,
  fitSkewNormal,
  type Interval,
  type SkewNormal,
} from './memorization-stats.js';

/** What the audit needs from a model endpoint; the CLI adapts an HTTP client to it. */
export interface MemorizationModel {
  /** Natural-log probability of the whole text; undefined when the endpoint returns no log-probabilities. */
  logProbability(text: string): Promise<number | undefined>;
  /** Optional batched form (one request for many texts), used in chunks of `batchSize` when present. */
  logProbabilities?(texts: string[]): Promise<(number | undefined)[]>;
  /** A completion of `prompt`. */
  complete(prompt: string, options: { temperature: number; maxTokens: number }): Promise<string>;
}

export interface MemorizationAuditOptions {
  canaries: readonly CanaryRecord[];
  model: MemorizationModel;
  /** Never-inserted reference fillings per canary; at least 1,000 for a meaningful exposure. */
  references?: number;
  /** Sampled completions per canary for the extraction rate (0 to skip). */
  samples?: number;
  temperature?: number;
  /** 'auto' tries log-probabilities and falls back to generation. */
  mode?: 'auto' | 'logprobs' | 'generation';
  seed?: string;
  concurrency?: number;
  confidence?: number;
  /** Texts per log-probability request when the model supports batches. Default 32. */
  batchSize?: number;
  /** Gate: a canary above this many bits of exposure fails the audit. */
  maxExposure?: number;
}

export interface ExposureResult {
  /** −log2 of the interpolated rank fraction; capped at log2(references + 1). */
  rank: number;
  /** −log2 of the fitted skew-normal CDF; extrapolates past the rank cap, capped at log2 |R| (rank ≥ 1). */
  skewNormal: number;
  canaryLogPerplexity: number;
  references: number;
  fit: SkewNormal;
}

export interface CanaryAuditResult {
  id: string;
  format: string;
  /** log2 |R|: the exposure of a fully memorised canary. */
  spaceBits: number;
  exposure?: ExposureResult;
  greedy: { match: 'exact' | 'near' | 'none'; distance: number };
  sampling?: { samples: number; hits: number; rate: number; interval: Interval };
  /** The figure the gate compares: the skew-normal exposure, or |R| bits when greedy decoding extracts it. */
  gateExposure: number;
  exceeded: boolean;
}

export interface MemorizationAuditResult {
  mode: 'logprobs' | 'generation';
  references: number;
  samples: number;
  confidence: number;
  maxExposure?: number;
  canaries: CanaryAuditResult[];
  passed: boolean;
}

/** Runs every check on every canary. Never includes the secrets themselves in the result. */
export async function auditMemorization(options: MemorizationAuditOptions): Promise<MemorizationAuditResult> {
  const references = options.references ?? 1000;
  const samples = options.samples ?? 20;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? 'bulwark-memorization';
  const limit = createLimiter(options.concurrency ?? 4);
  let mode: 'logprobs' | 'generation' = options.mode === 'generation' ? 'generation' : 'logprobs';
  if (mode === 'logprobs') {
    const probe = options.canaries[0]!;
    if ((await options.model.logProbability(probe.prefix + probe.secret)) === undefined) {
      if (options.mode === 'logprobs') {
        throw new BulwarkError('VALIDATION_FAILED', {
          message: 'The endpoint returns no log-probabilities; use --mode generation.',
        });
      }
      mode = 'generation';
    }
  }
  const results: CanaryAuditResult[] = [];
  for (const canary of options.canaries) {
    const format = parseFillFormat(canary.format);
    let exposure: ExposureResult | undefined;
    if (mode === 'logprobs') {
      const fills = referenceFillings(format, references, `${seed}:${canary.id}`, canary.secret);
      const texts = [canary.secret, ...fills].map((fill) => canary.prefix + fill);
      const logprobs = await scoreAll(options.model, texts, options.batchSize ?? 32, limit);
      if (logprobs.some((lp) => lp === undefined)) {
        throw new BulwarkError('UPSTREAM_ERROR', {
          message: 'The endpoint stopped returning log-probabilities.',
        });
      }
      const [canaryScore, ...refScores] = logprobs.map((lp) => -lp!);
      const fit = fitSkewNormal(refScores);
      exposure = {
        rank: exposureByRank(canaryScore!, refScores),
        skewNormal: Math.min(exposureBySkewNormal(canaryScore!, fit), format.spaceBits),
        canaryLogPerplexity: canaryScore!,
        references,
        fit,
      };
    }
    const maxTokens = canary.secret.length * 2 + 8;
    const greedyText = await limit(() =>
      options.model.complete(canary.prefix, { temperature: 0, maxTokens }),
    );
    const greedy = matchSecret(greedyText, canary.secret);
    let sampling: CanaryAuditResult['sampling'];
    if (samples > 0) {
      const texts = await Promise.all(
        Array.from({ length: samples }, () =>
          limit(() =>
            options.model.complete(canary.prefix, { temperature: options.temperature ?? 1, maxTokens }),
          ),
        ),
      );
      const hits = texts.filter((t) => matchSecret(t, canary.secret).match === 'exact').length;
      sampling = { samples, hits, rate: hits / samples, interval: clopperPearson(hits, samples, confidence) };
    }
    const extracted = greedy.match === 'exact' ? format.spaceBits : 0;
    const gateExposure = Math.max(exposure?.skewNormal ?? 0, extracted);
    results.push({
      id: canary.id,
      format: canary.format,
      spaceBits: format.spaceBits,
      ...(exposure ? { exposure } : {}),
      greedy,
      ...(sampling ? { sampling } : {}),
      gateExposure,
      exceeded: options.maxExposure !== undefined && gateExposure > options.maxExposure,
    });
  }
  return {
    mode,
    references: mode === 'logprobs' ? references : 0,
    samples,
    confidence,
    ...(options.maxExposure !== undefined ? { maxExposure: options.maxExposure } : {}),
    canaries: results,
    passed: results.every((r) => !r.exceeded),
  };
}

/**
 * Does the continuation begin with the secret? Exact, or near-exact (edit distance within a tenth of
 * its length, at least 1) so that one mangled digit still counts as memorised.
 */
export function matchSecret(continuation: string, secret: string): CanaryAuditResult['greedy'] {
  const text = continuation.replace(/^\s+/, '');
  if (text.startsWith(secret)) return { match: 'exact', distance: 0 };
  const distance = editDistance(text.slice(0, secret.length), secret);
  const near = distance <= Math.max(1, Math.floor(secret.length / 10));
  return { match: near ? 'near' : 'none', distance };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Scores every text, batched when the model can, with the limiter bounding requests in flight. */
async function scoreAll(
  model: MemorizationModel,
  texts: string[],
  batchSize: number,
  limit: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<(number | undefined)[]> {
  const batch = model.logProbabilities?.bind(model);
  if (!batch) return Promise.all(texts.map((t) => limit(() => model.logProbability(t))));
  const chunks: string[][] = [];
  for (let i = 0; i < texts.length; i += batchSize) chunks.push(texts.slice(i, i + batchSize));
  const scored = await Promise.all(chunks.map((chunk) => limit(() => batch(chunk))));
  return scored.flat();
}

/** At most `max` tasks in flight. */
function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
