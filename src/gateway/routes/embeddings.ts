import type { FastifyInstance } from 'fastify';
import { BulwarkError } from '../../core/index.js';
import { evaluate, resolvePolicy } from '../../policy/index.js';
import type { ServicesRef } from '../app.js';
import { embeddingsRequestSchema } from '../chat/openai-types.js';
import { validationError } from '../errors.js';
import { applyActions } from '../guard/apply-actions.js';
import { guardedScan } from '../guard/guarded-scan.js';
import { TokenVault } from '../guard/token-vault.js';
import { forwardWithFallbacks } from '../routing/forward.js';
import { candidatesFor } from '../routing/model-router.js';

/**
 * `POST /v1/embeddings`: every input string is scanned with the input rules; blocked input is
 * refused, redacted/tokenised spans are replaced before the provider sees them.
 */
export function registerEmbeddingsRoute(app: FastifyInstance, services: ServicesRef): void {
  app.post('/v1/embeddings', async (request, reply) => {
    const parsed = embeddingsRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error);
    const body = parsed.data;
    const svc = services.current;
    const candidates = candidatesFor(svc.config, body.model).filter((c) => svc.providerFor(c).embeddings);
    if (candidates.length === 0) throw new BulwarkError('MODEL_NOT_FOUND');
    const policy = resolvePolicy(svc.config.policy, { model: body.model, path: '/v1/embeddings' });
    const controller = new AbortController();
    // The response's close (not the request's, which fires once the body is read) means the client left.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    const vault = new TokenVault();
    let routeToTrusted = false;
    const guard = async (text: string): Promise<string> => {
      const findings = await guardedScan(text, {
        scanner: svc.scanner,
        source: 'trusted',
        minScore: policy.input.minScore,
        timeoutMs: policy.guardrailTimeoutMs,
        failOpen: policy.failOpen,
        signal: controller.signal,
        log: request.log,
      });
      const { decision, actions } = evaluate({
        findings,
        rules: policy.input,
        entities: svc.scanner.entities,
      });
      if (decision.action === 'block')
        throw new BulwarkError('SENSITIVE_INPUT_BLOCKED', { details: { reasons: decision.reasons } });
      if (decision.action === 'route') routeToTrusted = true;
      return applyActions(text, actions, vault);
    };
    if (typeof body.input === 'string') body.input = await guard(body.input);
    else if (body.input.every((x): x is string => typeof x === 'string')) {
      const out: string[] = [];
      for (const text of body.input) out.push(await guard(text));
      body.input = out;
    }
    const allowed = routeToTrusted ? candidates.filter((c) => c.config.trusted) : candidates;
    if (allowed.length === 0) throw new BulwarkError('NO_TRUSTED_UPSTREAM');
    const { value } = await forwardWithFallbacks({
      candidates: allowed,
      request: body,
      signal: controller.signal,
      http: svc.http,
      providerFor: (c) => svc.providerFor(c),
      breakerFor: (u) => svc.breakerFor(u),
      call: (provider, call) => provider.embeddings!(call),
    });
    return value;
  });
}
