import { BulwarkError, type Principal } from '../core/index.js';

/** Every permission an admin route or gateway route can require. */
export const PERMISSIONS = [
  'models:call',
  'keys:read_own',
  'keys:manage_own',
  'keys:read',
  'keys:manage',
  'users:read',
  'users:manage',
  'tenants:read',
  'tenants:manage',
  'policies:read',
  'policies:manage',
  'audit:read',
  'audit:verify',
  'alerts:read',
  'alerts:manage',
  'reports:read',
  'usage:read_own',
  'usage:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'security_officer', 'auditor', 'developer', 'app'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do. Written out in full so a review reads one table. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  security_officer: [
    'keys:read',
    'users:read',
    'tenants:read',
    'policies:read',
    'policies:manage',
    'audit:read',
    'audit:verify',
    'alerts:read',
    'alerts:manage',
    'reports:read',
    'usage:read',
  ],
  auditor: [
    'keys:read',
    'users:read',
    'policies:read',
    'audit:read',
    'audit:verify',
    'alerts:read',
    'reports:read',
    'usage:read',
  ],
  developer: ['models:call', 'keys:read_own', 'keys:manage_own', 'usage:read_own', 'policies:read'],
  app: ['models:call'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function assertRole(value: string): asserts value is Role {
  if (!isRole(value))
    throw new BulwarkError('VALIDATION_FAILED', { details: { field: 'role', allowed: ROLES } });
}

/** True when any of the principal's roles grants the permission. Unknown roles grant nothing. */
export function can(principal: Pick<Principal, 'roles'>, permission: Permission): boolean {
  return principal.roles.some((r) => isRole(r) && ROLE_PERMISSIONS[r].includes(permission));
}

/** Throws FORBIDDEN unless the principal holds the permission. */
export function requirePermission(principal: Pick<Principal, 'roles'>, permission: Permission): void {
  if (!can(principal, permission)) throw new BulwarkError('FORBIDDEN');
}
