import { setTimeout as sleep } from 'node:timers/promises';
import { BulwarkError } from '../../core/index.js';
import type { UpstreamHttpClient } from '../providers/http-client.js';
import type { Provider, ProviderCall } from '../providers/provider.js';
import { UpstreamFailure } from '../providers/upstream-failure.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { Candidate } from './model-router.js';

export interface ForwardOptions<R, T> {
  candidates: readonly Candidate[];
  request: R;
  signal: AbortSignal;
  http: UpstreamHttpClient;
  providerFor: (candidate: Candidate) => Provider;
  breakerFor: (upstream: string) => CircuitBreaker;
  call: (provider: Provider, call: ProviderCall<R>) => Promise<T>;
  /** Called before each attempt (logging). */
  onAttempt?: (candidate: Candidate, attempt: number, failure?: UpstreamFailure) => void;
  random?: () => number;
}

export interface ForwardResult<T> {
  value: T;
  candidate: Candidate;
  attempts: number;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * Calls candidates in order with retries (exponential backoff, full jitter) on 429/5xx/timeouts,
 * skipping upstreams whose breaker is open. Only the start of a response is retried: once a stream
 * is handed back, its failures belong to the caller.
 */
export async function forwardWithFallbacks<R, T>(options: ForwardOptions<R, T>): Promise<ForwardResult<T>> {
  const random = options.random ?? Math.random;
  let last: UpstreamFailure | undefined;
  let attempts = 0;
  let skipped = 0;
  for (const candidate of options.candidates) {
    const breaker = options.breakerFor(candidate.upstream);
    const retries = candidate.config.retries;
    for (let attempt = 0; attempt <= retries.max; attempt++) {
      if (options.signal.aborted) throw new UpstreamFailure('aborted', 'client disconnected');
      if (!breaker.tryAcquire()) {
        skipped++;
        break;
      }
      attempts++;
      options.onAttempt?.(candidate, attempt, last);
      try {
        const value = await options.call(options.providerFor(candidate), {
          request: options.request,
          target: candidate,
          signal: options.signal,
          http: options.http,
        });
        breaker.success();
        return { value, candidate, attempts };
      } catch (error) {
        // The provider refused the request itself (nothing was sent): the client's error, not the upstream's.
        if (error instanceof BulwarkError) {
          breaker.release();
          throw error;
        }
        const failure =
          error instanceof UpstreamFailure
            ? error
            : new UpstreamFailure('protocol', 'provider failed', { cause: error });
        if (failure.kind === 'aborted') {
          breaker.release();
          throw failure;
        }
        if (failure.retryable) breaker.failure();
        else breaker.success();
        last = failure;
        if (!failure.retryable) throw toClientError(failure);
        if (attempt < retries.max) {
          const ceiling = Math.min(MAX_BACKOFF_MS, retries.baseDelayMs * 2 ** attempt);
          const hinted =
            failure.retryAfter !== undefined ? Math.min(MAX_BACKOFF_MS, failure.retryAfter * 1000) : 0;
          await sleep(Math.max(hinted, ceiling * random()), undefined, { signal: options.signal }).catch(
            () => undefined,
          );
        }
      }
    }
  }
  if (last === undefined && skipped > 0) throw new BulwarkError('UPSTREAM_UNAVAILABLE');
  throw last ? toClientError(last, true) : new BulwarkError('MODEL_NOT_FOUND');
}

/** The client-visible error for an upstream failure; carries the upstream status, never its body. */
export function toClientError(failure: UpstreamFailure, exhausted = false): BulwarkError {
  const details = failure.status ? { upstream_status: failure.status } : undefined;
  const options = { cause: failure, ...(details ? { details } : {}) };
  if (failure.kind === 'timeout') return new BulwarkError('UPSTREAM_TIMEOUT', options);
  if (failure.kind === 'forbidden') return new BulwarkError('UPSTREAM_FORBIDDEN_HOST', options);
  if (exhausted && failure.kind === 'connect') return new BulwarkError('UPSTREAM_UNAVAILABLE', options);
  return new BulwarkError('UPSTREAM_ERROR', options);
}
