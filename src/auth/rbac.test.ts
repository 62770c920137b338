import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, requirePermission, ROLE_PERMISSIONS, ROLES } from './rbac.js';

describe('roles', () => {
  it('gives admin everything and an app only model calls', () => {
    expect(PERMISSIONS.every((p) => can({ roles: ['admin'] }, p))).toBe(true);
    expect(PERMISSIONS.filter((p) => can({ roles: ['app'] }, p))).toEqual(['models:call']);
  });

  it('keeps auditors read-only and unknown roles powerless', () => {
    const auditor = PERMISSIONS.filter((p) => can({ roles: ['auditor'] }, p));
    expect(auditor.some((p) => p.endsWith(':manage') || p.endsWith(':manage_own'))).toBe(false);
    expect(PERMISSIONS.some((p) => can({ roles: ['superuser'] }, p))).toBe(false);
    expect(() => requirePermission({ roles: ['developer'] }, 'users:manage')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('only grants permissions that exist', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });
});
