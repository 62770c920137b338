import { BulwarkError, type Finding } from '../../core/index.js';
import type { Scanner, TextSource } from '../../detect/index.js';
import type { FastifyBaseLogger as Logger } from 'fastify';

export interface GuardedScanOptions {
  scanner: Scanner;
  source: TextSource;
  minScore: number;
  timeoutMs: number;
  failOpen: boolean;
  signal: AbortSignal;
  log: Logger;
  /** Only these entity types matter (see `typesNeeding`); undefined = all. */
  types?: readonly string[] | undefined;
}

/**
 * Runs a scan under a deadline. An error or timeout refuses the request (GUARDRAIL_FAILED) unless
 * the route's policy is fail-open, in which case it is logged and the text passes unscanned.
 */
export async function guardedScan(text: string, options: GuardedScanOptions): Promise<Finding[]> {
  if (options.types?.length === 0) return [];
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([deadline, options.signal]);
  try {
    const scanning = options.scanner.scanAsync(text, {
      source: options.source,
      minScore: options.minScore,
      signal,
      ...(options.types ? { types: options.types } : {}),
    });
    return await new Promise<Finding[]>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      scanning.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (options.failOpen) {
      options.log.warn({ err: errorName(error) }, 'guardrail failed; fail-open policy let the text through');
      return [];
    }
    throw new BulwarkError('GUARDRAIL_FAILED', { cause: error });
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
