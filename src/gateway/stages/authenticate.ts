import { memoryFailureCounters, type ApiKeyVerifier, type FailureCounters } from '../../auth/index.js';
import { BulwarkError, type NamedStage, type Principal } from '../../core/index.js';
import type { RequestContext } from '../context.js';

/** One authentication outcome, for the audit log: never the presented secret. */
export interface AuthDecision {
  requestId: string;
  path: string;
  outcome: 'allow' | 'deny';
  /** Error code when denied. */
  code?: string;
  /** The key's public id when the token parsed (it names a record, it is not a secret). */
  keyId?: string;
  principal?: string;
  tenant?: string;
}

/**
 * `required`: every request needs a key. `anonymous`: no key → the config's anonymous principal (a
 * presented key is still verified). `auto` (default): anonymous until the first key exists, then
 * required — so issuing the first key closes the open gateway without a config change.
 */
export type AuthMode = 'auto' | 'required' | 'anonymous';

export interface AuthenticateOptions {
  verifier: ApiKeyVerifier;
  mode?: AuthMode;
  /** For `auto`: whether any key has been issued (cached by the caller; see `keysExistProbe`). */
  keysExist?: () => Promise<boolean>;
  /** Called once per request with the outcome; the gateway's audit hook. Must not throw. */
  onDecision?: (decision: AuthDecision) => void;
  /**
   * Refused keys one client address may present per minute before it is refused outright (429,
   * without even looking the key up): slows key guessing. Default 30.
   */
  maxFailuresPerMinute?: number;
  /** Where those refusals are counted; default this process (Redis shares them across replicas). */
  counters?: FailureCounters;
}

function anonymousPrincipal(ctx: RequestContext): Principal {
  const { anonymous } = ctx.services.config;
  return {
    id: 'anonymous',
    tenant: anonymous.tenant,
    kind: 'anonymous',
    roles: anonymous.roles,
    clearance: anonymous.clearance,
  };
}

function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) throw new BulwarkError('INVALID_API_KEY');
  return value;
}

/**
 * The presented key: `Authorization: Bearer <key>` (OpenAI clients) or `x-api-key: <key>` (Anthropic
 * clients). Both present and different, or a repeated header, is refused: which one would we trust?
 */
export function presentedKey(headers: RequestContext['headers']): string | undefined {
  const auth = single(headers.authorization);
  let bearer: string | undefined;
  if (auth !== undefined) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    if (!m) throw new BulwarkError('INVALID_API_KEY');
    bearer = m[1];
  }
  const xApiKey = single(headers['x-api-key'])?.trim();
  if (bearer !== undefined && xApiKey !== undefined && bearer !== xApiKey)
    throw new BulwarkError('INVALID_API_KEY');
  return bearer ?? (xApiKey === '' ? undefined : xApiKey);
}

/** Caches "has any key been issued" (true is sticky: keys are revoked, never forgotten). */
export function keysExistProbe(list: () => Promise<unknown[]>, ttlMs = 5_000): () => Promise<boolean> {
  let known = false;
  let checkedAt = -Infinity;
  return async () => {
    if (known || Date.now() - checkedAt < ttlMs) return known;
    known = (await list()).length > 0;
    checkedAt = Date.now();
    return known;
  };
}

/** Resolves the caller from an API key (or the anonymous principal where the mode allows). */
export function createAuthenticate(options: AuthenticateOptions): NamedStage<RequestContext> {
  const mode = options.mode ?? 'auto';
  const failures = (options.counters ?? memoryFailureCounters)(
    'auth-fail',
    options.maxFailuresPerMinute ?? 30,
    60,
  );
  const record = (ctx: RequestContext, decision: Omit<AuthDecision, 'requestId' | 'path'>) =>
    options.onDecision?.({ requestId: ctx.id, path: ctx.path, ...decision });
  return {
    name: 'authenticate',
    async run(ctx, next) {
      let token: string | undefined;
      const address = ctx.clientIp;
      try {
        if (address !== undefined) {
          const seen = await failures.get(address);
          if (seen && seen.remainingPoints <= 0)
            throw new BulwarkError('RATE_LIMITED', {
              headers: { 'retry-after': String(Math.max(1, Math.ceil(seen.msBeforeNext / 1000))) },
            });
        }
        token = presentedKey(ctx.headers);
        if (token === undefined) {
          const required =
            mode === 'required' || (mode === 'auto' && (await (options.keysExist?.() ?? true)));
          if (required) throw new BulwarkError('UNAUTHENTICATED');
          ctx.principal = anonymousPrincipal(ctx);
        } else {
          ctx.principal = (await options.verifier.verify(token)).principal;
        }
      } catch (error) {
        const code = error instanceof BulwarkError ? error.code : 'INTERNAL';
        if (
          address !== undefined &&
          error instanceof BulwarkError &&
          error.status === 401 &&
          error.code !== 'UNAUTHENTICATED'
        )
          await failures.penalty(address, 1);
        const keyId = token === undefined ? undefined : /^bk_(?:live|test)_([a-z0-9]{12})_/.exec(token)?.[1];
        record(ctx, { outcome: 'deny', code, ...(keyId ? { keyId } : {}) });
        ctx.log.info({ code, ...(keyId ? { keyId } : {}) }, 'authentication refused');
        throw error;
      }
      const p = ctx.principal;
      record(ctx, {
        outcome: 'allow',
        principal: p.id,
        tenant: p.tenant,
        ...(p.keyId ? { keyId: p.keyId } : {}),
      });
      await next();
    },
  };
}

/**
 * The anonymous-only stage kept for gateways started without identity storage: every request gets the
 * config's anonymous principal (which is why the gateway binds to loopback by default).
 */
export const authenticate: NamedStage<RequestContext> = {
  name: 'authenticate',
  async run(ctx, next) {
    ctx.principal = anonymousPrincipal(ctx);
    await next();
  },
};
