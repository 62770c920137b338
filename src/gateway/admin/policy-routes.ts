import { z } from 'zod';
import { BulwarkError } from '../../core/index.js';
import { parseInput, recordAction } from './admin-helpers.js';
import type { AdminDeps, AdminRoute } from './admin-routes.js';
import { dryRunPolicy } from './policy-dry-run.js';
import {
  applyPolicy,
  MAX_POLICY_CHARS,
  policyDiff,
  readPolicySource,
  validatePolicy,
  type PolicyTarget,
} from './policy-edit.js';

/** A pasted prompt larger than this is refused (the dry run is for one prompt, not a corpus). */
const MAX_PROMPT_CHARS = 64 * 1024;

const policyText = z.string().max(MAX_POLICY_CHARS);
// '' is a valid edit: no policy section, every default applies.
const validateBody = z.strictObject({ text: policyText.default('') });
const applyBody = z.strictObject({ text: policyText, version: z.string().regex(/^[0-9a-f]{16}$/) });
const dryRunBody = z.strictObject({
  prompt: z.string().min(1).max(MAX_PROMPT_CHARS),
  /** An edited policy to try instead of the active one. */
  text: policyText.optional(),
  model: z.string().min(1).max(256).default('*'),
  path: z.string().min(1).max(256).default('/v1/chat/completions'),
  source: z.enum(['trusted', 'untrusted']).default('trusted'),
  role: z.string().min(1).max(64).optional(),
});

const targetOf = (deps: AdminDeps): PolicyTarget => ({
  configFile: deps.gateway?.configFile,
  config: deps.config,
});

/**
 * The Policies page: the active policy's source, validation with precise issues and a diff,
 * apply (atomic file write, then the reload SIGHUP runs), and a dry run against a pasted prompt.
 */
export function policyRoutes(): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/policies/source',
      permissions: ['policies:read'],
      async handler(_request, deps) {
        return { ...readPolicySource(targetOf(deps)), effective: deps.config().policy };
      },
    },
    {
      method: 'POST',
      path: '/policies/validate',
      permissions: ['policies:manage'],
      async handler({ body }, deps) {
        const { text } = parseInput(validateBody, body);
        const target = targetOf(deps);
        const checked = validatePolicy(target, text);
        return {
          valid: checked.valid,
          issues: checked.issues,
          diff: policyDiff(readPolicySource(target).text, text),
          ...(checked.policy ? { effective: checked.policy } : {}),
        };
      },
    },
    {
      method: 'POST',
      path: '/policies/apply',
      permissions: ['policies:manage'],
      async handler({ principal, body }, deps) {
        const { text, version } = parseInput(applyBody, body);
        const target = { ...targetOf(deps), reload: deps.gateway?.reload };
        try {
          const applied = await applyPolicy(target, text, version);
          await recordAction(
            deps,
            principal,
            'policies.apply',
            `${version}->${applied.source.version}`,
            true,
          );
          return { applied: true, ...applied.source, effective: deps.config().policy };
        } catch (error) {
          await recordAction(deps, principal, 'policies.apply', version, false);
          throw error;
        }
      },
    },
    {
      method: 'POST',
      path: '/policies/dry-run',
      permissions: ['policies:manage'],
      async handler({ principal, body }, deps) {
        const input = parseInput(dryRunBody, body);
        const scanner = deps.gateway?.scanner;
        if (!scanner) throw new BulwarkError('NOT_FOUND');
        let policy = deps.config().policy;
        if (input.text !== undefined) {
          const checked = validatePolicy(targetOf(deps), input.text);
          if (!checked.valid || !checked.policy)
            throw new BulwarkError('POLICY_INVALID', { details: { issues: checked.issues } });
          policy = checked.policy;
        }
        const result = await dryRunPolicy({
          scanner,
          policy,
          prompt: input.prompt,
          model: input.model,
          path: input.path,
          source: input.source,
          ...(input.role ? { caller: { tenant: principal.tenant, roles: [input.role] } } : {}),
        });
        // The prompt is neither logged nor stored: the record says only that a dry run happened.
        await recordAction(deps, principal, 'policies.dry_run', result.decision.action, true);
        return { policy: input.text === undefined ? 'active' : 'edited', ...result };
      },
    },
  ];
}
