import type { NamedStage } from '../../core/index.js';
import {
  completionTokensOf,
  countPromptTokens,
  type Admission,
  type Budgets,
  type Limits,
} from '../../limits/index.js';
import type { ChatChunk, ChatResult } from '../chat/openai-types.js';
import { textSlots } from '../chat/text-slots.js';
import type { RequestContext } from '../context.js';
import { required } from './required.js';

/** What the stage does once usage is known: charge token limits and budgets, then free the slot. */
type Meter = Pick<Admission, 'charge' | 'release'>;

async function* metered(chunks: AsyncIterable<ChatChunk>, admission: Meter): AsyncIterable<ChatChunk> {
  try {
    for await (const chunk of chunks) {
      // Streamed usage arrives in the last chunk (the OpenAI provider asks for it with include_usage).
      if (chunk.usage !== undefined) await admission.charge(completionTokensOf(chunk.usage));
      yield chunk;
    }
  } finally {
    await admission.release();
  }
}

async function settle(result: ChatResult, admission: Meter): Promise<ChatResult> {
  if (result.kind === 'stream') return { kind: 'stream', chunks: metered(result.chunks, admission) };
  await admission.charge(completionTokensOf(result.body.usage));
  await admission.release();
  return result;
}

/**
 * Counts the request against the limits of its key, principal, tenant and source address before
 * anything is forwarded (prompt tokens included), then charges the upstream's completion tokens and
 * frees the concurrency slot when the response (or the stream) ends.
 */
export function createRateLimit(limits?: Limits, budgets?: Budgets): NamedStage<RequestContext> {
  return {
    name: 'rateLimit',
    async run(ctx, next) {
      if (!limits) return next();
      const principal = required(ctx.principal, 'principal');
      const promptTokens = countPromptTokens(textSlots(ctx.request.messages).map((s) => s.get()));
      const subjects = {
        ...(principal.keyId ? { key: principal.keyId } : {}),
        user: principal.id,
        tenant: principal.tenant,
        ...(ctx.clientIp ? { ip: ctx.clientIp } : {}),
      };
      await budgets?.check(subjects);
      const limited = await limits.admit(subjects, promptTokens);
      const model = ctx.request.model;
      const admission: Meter = {
        async charge(completionTokens) {
          await limited.charge(completionTokens);
          await budgets?.charge(subjects, budgets.cost(model, promptTokens, completionTokens));
        },
        release: () => limited.release(),
      };
      try {
        await next();
      } catch (error) {
        await admission.release();
        throw error;
      }
      if (ctx.result) ctx.result = await settle(ctx.result, admission);
      else await admission.release();
    },
  };
}
