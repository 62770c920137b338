import { z } from 'zod';
import {
  assertRole,
  can,
  ROLE_PERMISSIONS,
  ROLES,
  type ApiKeyService,
  type ApiKeyVerifier,
  type Permission,
  type Role,
  type TenantGate,
  type UserSetup,
} from '../../auth/index.js';
import type { BulwarkConfig } from '../../config/index.js';
import { BulwarkError, LEVELS, levelRank, type Level, type Principal } from '../../core/index.js';
import type { ApiKeyRecord, Storage, UserRecord } from '../../storage/index.js';
import { assertSameTenant, isAdmin, parseInput, recordAction, visibleTenant } from './admin-helpers.js';
import { alertKeyRoutes } from './alert-key-routes.js';
import { alertRoutes } from './alerts-routes.js';
import { auditRoutes } from './audit-routes.js';
import type { GatewayHandles } from './gateway-handles.js';
import { policyRoutes } from './policy-routes.js';
import { reportRoutes } from './report-routes.js';
import { tenantRoutes } from './tenant-routes.js';

/** What an admin handler may use. */
export interface AdminDeps {
  storage: Pick<Storage, 'apiKeys' | 'users' | 'tenants'>;
  /** Disabled tenants are refused; routes drop its cache after a change so it bites here at once. */
  tenants?: TenantGate;
  keys: ApiKeyService;
  /** Invitations and one-time setup of console users. */
  setup?: UserSetup;
  /** Dropped from the local verifier cache after a revoke so it bites here at once. */
  verifier?: ApiKeyVerifier;
  config: () => BulwarkConfig;
  /** Every state-changing action is recorded here before the response is sent. */
  audit?: (entry: AdminAuditEntry) => Promise<void>;
  /** The running gateway's scanner, audit log and config file (console routes); absent in bare tests. */
  gateway?: GatewayHandles;
  /** Ends every console session of a user (set by the admin API when console sessions exist). */
  endSessions?: (userId: string) => Promise<number>;
}

/** One admin action, for the audit log (never a secret). */
export interface AdminAuditEntry {
  action: string;
  target: string;
  outcome: 'success' | 'failure';
  principal: string;
  tenant: string;
  role: string;
}

export interface AdminRequest {
  principal: Principal;
  params: Record<string, string>;
  body: unknown;
  /** Query-string parameters (first value of each); absent when the caller sent none. */
  query?: Readonly<Record<string, string>>;
}

/** An admin route: every one names the permissions (any of) that allow it; there is no default. */
export interface AdminRoute {
  method: 'GET' | 'POST';
  /** Under `/admin/v1`. */
  path: string;
  permissions: readonly [Permission, ...Permission[]];
  handler: (request: AdminRequest, deps: AdminDeps) => Promise<unknown>;
}

function requireSetup(deps: AdminDeps): UserSetup {
  if (!deps.setup) throw new BulwarkError('NOT_FOUND');
  return deps.setup;
}

/** A key as the API shows it: never the hash. */
function publicKey(k: ApiKeyRecord) {
  const { secretHash: _hidden, ...rest } = k;
  void _hidden;
  return rest;
}

/** A user as the API shows it: no password hash, no MFA material. */
function publicUser(u: UserRecord) {
  return {
    id: u.id,
    tenant: u.tenant,
    username: u.username,
    roles: u.roles,
    clearance: u.clearance,
    disabled: u.disabled,
    mfaEnrolled: u.mfa.enrolledAt !== undefined,
    setupPending: u.setup !== undefined,
    createdAt: u.createdAt,
  };
}

/** Loads a key the caller may manage: its tenant, and for `*_own` holders only their own keys. */
async function manageableKey(deps: AdminDeps, p: Principal, id: string): Promise<ApiKeyRecord> {
  const key = await deps.storage.apiKeys.get(id);
  if (!key) throw new BulwarkError('NOT_FOUND');
  assertSameTenant(p, key.tenant);
  if (!can(p, 'keys:manage') && key.principal !== p.id) throw new BulwarkError('FORBIDDEN');
  return key;
}

/**
 * Changes a user's roles, clearance or enabled state. Bumping the version rotates their live
 * sessions onto the new privileges. Nobody grants what they do not hold: only admins hand out admin,
 * and no one changes their own record here (no self-escalation, no locking oneself out).
 */
async function updateUser(
  deps: AdminDeps,
  principal: Principal,
  id: string,
  change: { roles?: Role[] | undefined; clearance?: Level | undefined; disabled?: boolean | undefined },
  action: string,
): Promise<UserRecord> {
  const user = await deps.storage.users.get(id);
  if (!user) throw new BulwarkError('NOT_FOUND');
  assertSameTenant(principal, user.tenant);
  if (principal.id === `user:${user.id}`) throw new BulwarkError('FORBIDDEN');
  if ((change.roles?.includes('admin') || user.roles.includes('admin')) && !isAdmin(principal))
    throw new BulwarkError('FORBIDDEN');
  const next: UserRecord = {
    ...user,
    ...(change.roles ? { roles: change.roles } : {}),
    ...(change.clearance ? { clearance: change.clearance } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    updatedAt: new Date().toISOString(),
    version: user.version + 1,
  };
  const ok = await deps.storage.users.update(next, user.version);
  await recordAction(deps, principal, action, id, ok);
  if (!ok) throw new BulwarkError('CONFLICT');
  // The version bump already refuses their sessions at next use; this removes them outright.
  if (next.disabled && !user.disabled) await deps.endSessions?.(id);
  return next;
}

const level = z.enum(LEVELS);
const createKeyBody = z.strictObject({
  name: z.string().min(1).max(128),
  role: z.enum(ROLES).default('app'),
  clearance: level.default('internal'),
  tenant: z.string().min(1).max(128).optional(),
  models: z.array(z.string().min(1)).optional(),
  routes: z.array(z.string().min(1)).optional(),
  ttlDays: z.number().positive().max(3650).optional(),
});
const createUserBody = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/),
  roles: z.array(z.enum(ROLES)).min(1),
  clearance: level.default('internal'),
  tenant: z.string().min(1).max(128).optional(),
});
const updateKeyBody = z.strictObject({
  role: z.enum(ROLES).optional(),
  clearance: level.optional(),
  models: z.array(z.string().min(1)).min(1).nullable().optional(),
  routes: z.array(z.string().min(1)).min(1).nullable().optional(),
});
const rotateBody = z.strictObject({ overlapHours: z.number().min(0).max(720).default(24) });
const updateUserBody = z.strictObject({
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  clearance: level.optional(),
  disabled: z.boolean().optional(),
});

/** The admin API, one table: method, path, the permissions that allow it, and the handler. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/roles',
    permissions: ['users:read'],
    async handler() {
      return { data: ROLES.map((id) => ({ id, permissions: ROLE_PERMISSIONS[id] })) };
    },
  },
  {
    method: 'GET',
    path: '/users',
    permissions: ['users:read'],
    async handler({ principal }, deps) {
      return { data: (await deps.storage.users.list(visibleTenant(principal, undefined))).map(publicUser) };
    },
  },
  {
    method: 'POST',
    path: '/users',
    permissions: ['users:manage'],
    async handler({ principal, body }, deps) {
      const input = parseInput(createUserBody, body);
      const tenant = visibleTenant(principal, input.tenant) ?? principal.tenant;
      // No password here: the user sets one, with mandatory TOTP, through the one-time setup link.
      const invited = await requireSetup(deps)
        .invite({ tenant, username: input.username, roles: input.roles, clearance: input.clearance })
        .catch(async (error: unknown) => {
          await recordAction(deps, principal, 'users.create', input.username, false);
          throw error;
        });
      await recordAction(deps, principal, 'users.create', invited.user.id, true);
      return { ...publicUser(invited.user), setupToken: invited.token, setupExpiresAt: invited.expiresAt };
    },
  },
  {
    method: 'POST',
    path: '/users/:id/setup-link',
    permissions: ['users:manage'],
    async handler({ principal, params }, deps) {
      const user = await deps.storage.users.get(params.id ?? '');
      if (!user) throw new BulwarkError('NOT_FOUND');
      assertSameTenant(principal, user.tenant);
      const invited = await requireSetup(deps).reissue(user.id);
      await recordAction(deps, principal, 'users.setup_link', user.id, true);
      return { ...publicUser(invited.user), setupToken: invited.token, setupExpiresAt: invited.expiresAt };
    },
  },
  {
    method: 'POST',
    path: '/users/:id/disable',
    permissions: ['users:manage'],
    async handler({ principal, params }, deps) {
      return publicUser(
        await updateUser(deps, principal, params.id ?? '', { disabled: true }, 'users.disable'),
      );
    },
  },
  {
    method: 'POST',
    path: '/users/:id',
    permissions: ['users:manage'],
    async handler({ principal, params, body }, deps) {
      const input = parseInput(updateUserBody, body);
      return publicUser(await updateUser(deps, principal, params.id ?? '', input, 'users.update'));
    },
  },
  {
    method: 'GET',
    path: '/keys',
    permissions: ['keys:read', 'keys:read_own'],
    async handler({ principal }, deps) {
      const keys = await deps.storage.apiKeys.list(visibleTenant(principal, undefined));
      const visible = can(principal, 'keys:read') ? keys : keys.filter((k) => k.principal === principal.id);
      return { data: visible.map(publicKey) };
    },
  },
  {
    method: 'POST',
    path: '/keys',
    permissions: ['keys:manage', 'keys:manage_own'],
    async handler({ principal, body }, deps) {
      const input = parseInput(createKeyBody, body);
      assertRole(input.role);
      const full = can(principal, 'keys:manage');
      // Holders of keys:manage_own mint keys for themselves only, never above their own role or clearance.
      if (!full && (!can({ roles: [input.role] }, 'models:call') || input.role === 'admin'))
        throw new BulwarkError('FORBIDDEN');
      if (!full && !ROLE_PERMISSIONS[input.role].every((perm) => can(principal, perm)))
        throw new BulwarkError('FORBIDDEN');
      if (!full && levelRank(input.clearance) > levelRank(principal.clearance))
        throw new BulwarkError('FORBIDDEN');
      const tenant = visibleTenant(principal, input.tenant) ?? principal.tenant;
      const created = await deps.keys.create({
        name: input.name,
        tenant,
        role: input.role as Role,
        clearance: input.clearance,
        ...(full ? {} : { principal: principal.id }),
        scopes: {
          ...(input.models ? { models: input.models } : {}),
          ...(input.routes ? { routes: input.routes } : {}),
        },
        ...(input.ttlDays !== undefined ? { ttlMs: input.ttlDays * 86_400_000 } : {}),
      });
      await recordAction(deps, principal, 'keys.create', created.record.id, true);
      // The only time the secret is shown.
      return { key: created.token, record: publicKey(created.record) };
    },
  },
  {
    method: 'POST',
    path: '/keys/:id/revoke',
    permissions: ['keys:manage', 'keys:manage_own'],
    async handler({ principal, params }, deps) {
      const key = await manageableKey(deps, principal, params.id ?? '');
      const ok = await deps.keys.revoke(key.id);
      deps.verifier?.forget(key.id);
      await recordAction(deps, principal, 'keys.revoke', key.id, ok);
      return { id: key.id, revoked: ok };
    },
  },
  {
    method: 'POST',
    path: '/keys/:id/reinstate',
    permissions: ['keys:manage'],
    async handler({ principal, params }, deps) {
      const key = await manageableKey(deps, principal, params.id ?? '');
      const ok = await deps.storage.apiKeys.reinstate(key.id, new Date().toISOString());
      deps.verifier?.forget(key.id);
      await recordAction(deps, principal, 'keys.reinstate', key.id, ok);
      return { id: key.id, reinstated: ok };
    },
  },
  {
    method: 'POST',
    path: '/keys/:id/rotate',
    permissions: ['keys:manage', 'keys:manage_own'],
    async handler({ principal, params, body }, deps) {
      const key = await manageableKey(deps, principal, params.id ?? '');
      const { overlapHours } = parseInput(rotateBody, body);
      const next = await deps.keys.rotate(key.id, overlapHours * 3_600_000);
      deps.verifier?.forget(key.id);
      await recordAction(deps, principal, 'keys.rotate', key.id, next !== undefined);
      if (!next) throw new BulwarkError('NOT_FOUND');
      return { key: next.token, record: publicKey(next.record), previousExpiresInHours: overlapHours };
    },
  },
  {
    method: 'POST',
    path: '/keys/:id',
    permissions: ['keys:manage'],
    async handler({ principal, params, body }, deps) {
      const key = await manageableKey(deps, principal, params.id ?? '');
      const input = parseInput(updateKeyBody, body);
      if (input.role !== undefined) assertRole(input.role);
      // null clears a scope (any model / any route); absent keeps it.
      const scope = (given: string[] | null | undefined, current: string[] | undefined) =>
        given === undefined ? current : (given ?? undefined);
      const models = scope(input.models, key.scopes.models);
      const routes = scope(input.routes, key.scopes.routes);
      const ok = await deps.storage.apiKeys.setAccess(
        key.id,
        {
          role: input.role ?? key.role,
          clearance: input.clearance ?? key.clearance,
          scopes: { ...(models ? { models } : {}), ...(routes ? { routes } : {}) },
        },
        new Date().toISOString(),
      );
      deps.verifier?.forget(key.id);
      await recordAction(deps, principal, 'keys.update', key.id, ok);
      // Revoked keys keep the access they had when revoked.
      if (!ok) throw new BulwarkError('CONFLICT');
      return publicKey((await deps.storage.apiKeys.get(key.id))!);
    },
  },
  {
    method: 'GET',
    path: '/policies',
    permissions: ['policies:read'],
    async handler(_request, deps) {
      return { policy: deps.config().policy };
    },
  },
];

/** Every route the admin API mounts over a storage: the table above, the alerts and the console's routes. */
export function adminRoutesFor(storage: Pick<Storage, 'alerts' | 'audit' | 'apiKeys'>): AdminRoute[] {
  return [
    ...ADMIN_ROUTES,
    ...tenantRoutes(),
    ...alertRoutes(storage.alerts),
    ...alertKeyRoutes(storage.alerts, storage.apiKeys),
    ...auditRoutes(storage.audit, storage.alerts),
    ...policyRoutes(),
    ...reportRoutes(),
  ];
}
