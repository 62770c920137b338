/** Why an upstream call failed; decides retries/fallbacks and the client-visible error code. */
export type FailureKind = 'status' | 'timeout' | 'connect' | 'aborted' | 'protocol' | 'forbidden';

/** An upstream call that failed. Carries the status, never the upstream's body (it may echo content). */
export class UpstreamFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  /** Seconds from a Retry-After header, when given. */
  readonly retryAfter: number | undefined;
  constructor(
    kind: FailureKind,
    message: string,
    options: { status?: number; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamFailure';
    this.kind = kind;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
  }

  /** 429, 5xx, timeouts and connection failures are worth another try or a fallback. */
  get retryable(): boolean {
    if (this.kind === 'timeout' || this.kind === 'connect') return true;
    return this.kind === 'status' && this.status !== undefined && (this.status === 429 || this.status >= 500);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Maps an undici/abort error to an `UpstreamFailure`; `clientGone` tells a disconnect from a timeout. */
export function toUpstreamFailure(error: unknown, clientGone: boolean): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  if (clientGone) return new UpstreamFailure('aborted', 'client disconnected', { cause: error });
  const code =
    (error as { code?: unknown } | null)?.code ??
    (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === 'EHOSTFORBIDDEN')
    return new UpstreamFailure('forbidden', 'upstream host is not allowed', { cause: error });
  const name = (error as { name?: unknown } | null)?.name;
  if (
    (typeof code === 'string' && TIMEOUT_CODES.has(code)) ||
    name === 'TimeoutError' ||
    name === 'AbortError'
  )
    return new UpstreamFailure('timeout', 'upstream timed out', { cause: error });
  return new UpstreamFailure('connect', 'upstream connection failed', { cause: error });
}
