import type { z } from 'zod';
import { BulwarkError, type Principal } from '../../core/index.js';
import type { AdminDeps, AdminRequest } from './admin-routes.js';

// Helpers shared by the admin route modules.

export const isAdmin = (p: Principal): boolean => p.roles.includes('admin');

/** Non-admins see only their own tenant; admins see all unless they ask for one. */
export function visibleTenant(p: Principal, requested: string | undefined): string | undefined {
  if (isAdmin(p)) return requested;
  if (requested !== undefined && requested !== p.tenant) throw new BulwarkError('TENANT_MISMATCH');
  return p.tenant;
}

export function assertSameTenant(p: Principal, tenant: string | undefined): void {
  if (!isAdmin(p) && tenant !== p.tenant) throw new BulwarkError('TENANT_MISMATCH');
}

/** Validates a body or query; the error names fields, never the submitted values. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success)
    throw new BulwarkError('VALIDATION_FAILED', {
      details: { fields: result.error.issues.map((i) => i.path.join('.')) },
    });
  return result.data;
}

export const queryOf = (request: AdminRequest): Readonly<Record<string, string>> => request.query ?? {};

/** Appends one admin action to the audit log (never a secret; targets are capped at 256 chars). */
export async function recordAction(
  deps: AdminDeps,
  p: Principal,
  action: string,
  target: string,
  ok: boolean,
): Promise<void> {
  await deps.audit?.({
    action,
    target: target.slice(0, 256),
    outcome: ok ? 'success' : 'failure',
    principal: p.id,
    tenant: p.tenant,
    role: p.roles.join(','),
  });
}
