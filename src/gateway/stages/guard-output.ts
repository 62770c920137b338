import type { NamedStage } from '../../core/index.js';
import { evaluate, typesNeeding } from '../../policy/index.js';
import { mapCompletionText, mapStreamText } from '../chat/map-text.js';
import type { RequestContext } from '../context.js';
import { guardedScan } from '../guard/guarded-scan.js';
import { createStreamWindow, guardText, type OutputGuardOptions } from '../guard/output-guard.js';
import { required } from './required.js';

/**
 * Scans what the model returns. Non-streamed: the whole text. Streamed: a sliding window per
 * channel that holds back text until no finding can straddle what is released; a block ends the
 * stream with an error event (the route writes it).
 */
export const guardOutput: NamedStage<RequestContext> = {
  name: 'guardOutput',
  async run(ctx, next) {
    const policy = required(ctx.policy, 'policy');
    const result = required(ctx.result, 'result');
    const { scanner } = ctx.services;
    // On output usually only secrets matter, which keeps the per-chunk window scans cheap.
    const types = typesNeeding(policy.output, scanner.entities, policy.classification);
    const options: OutputGuardOptions = {
      scan: (text) =>
        guardedScan(text, {
          scanner,
          source: 'trusted',
          minScore: policy.output.minScore,
          timeoutMs: policy.guardrailTimeoutMs,
          failOpen: policy.failOpen,
          signal: ctx.signal,
          log: ctx.log,
          types,
        }),
      decide: (findings) =>
        evaluate({
          findings,
          rules: policy.output,
          entities: scanner.entities,
          classification: policy.classification,
        }),
      canary: ctx.canary,
      systemPrompt: ctx.systemPrompt,
      leakThreshold: policy.output.leakThreshold,
      linkHosts: policy.output.linkHosts,
      holdbackChars: Math.max(policy.output.holdbackChars, (ctx.canary?.length ?? 0) + 8),
    };
    ctx.result =
      result.kind === 'json'
        ? { kind: 'json', body: await mapCompletionText(result.body, (text) => guardText(options, text)) }
        : { kind: 'stream', chunks: mapStreamText(result.chunks, () => createStreamWindow(options)) };
    await next();
  },
};
