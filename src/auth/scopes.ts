import { BulwarkError, type Principal } from '../core/index.js';

/** What a request touches, for scope checks. */
export interface ScopeTarget {
  /** The model alias the client asked for. */
  model?: string;
  /** The HTTP path, e.g. `/v1/chat/completions`. */
  route?: string;
}

/** `gpt-4o` matches itself; `gpt-4o*` matches by prefix; `*` matches anything. */
export function scopeMatches(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? value.startsWith(p.slice(0, -1)) : p === value));
}

/**
 * Throws SCOPE_DENIED when the principal's key is scoped and the target falls outside it. An absent
 * scope list means "any"; an empty list means "none" (fail closed on a key scoped to nothing).
 */
export function assertInScope(principal: Pick<Principal, 'scopes'>, target: ScopeTarget): void {
  const { models, routes } = principal.scopes ?? {};
  if (models && (target.model === undefined || !scopeMatches(models, target.model)))
    throw new BulwarkError('SCOPE_DENIED', { details: { scope: 'model' } });
  if (routes && (target.route === undefined || !scopeMatches(routes, target.route)))
    throw new BulwarkError('SCOPE_DENIED', { details: { scope: 'route' } });
}

/** Throws TENANT_MISMATCH when a request names a tenant other than the principal's own. */
export function assertTenant(principal: Pick<Principal, 'tenant'>, tenant: string | undefined): void {
  if (tenant !== undefined && tenant !== principal.tenant) throw new BulwarkError('TENANT_MISMATCH');
}

/** The model aliases a principal's scope lets it see: a listing names no model, so it is filtered, not refused. */
export function modelsInScope(principal: Pick<Principal, 'scopes'>, aliases: readonly string[]): string[] {
  const { models } = principal.scopes ?? {};
  return models ? aliases.filter((a) => scopeMatches(models, a)) : [...aliases];
}
