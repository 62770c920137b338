import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  can,
  csrfMatches,
  memoryFailureCounters,
  type FailureCounters,
  type ApiKeyVerifier,
  type OneTimeBacking,
  type Session,
  type SessionStore,
  type UserService,
} from '../../auth/index.js';
import { BulwarkError, type Principal } from '../../core/index.js';
import { presentedKey } from '../stages/authenticate.js';
import { ADMIN_ROUTES, type AdminDeps, type AdminRoute } from './admin-routes.js';
import { actor, cookieValue, sessionUser, setCookie, userAction } from './console-session.js';
import { RawReply } from './raw-reply.js';
import { registerSsoRoutes } from './sso-routes.js';
import { ADMIN_SECURITY_HEADERS } from './security-headers.js';

export const ADMIN_PREFIX = '/admin/v1';
/** The routes that authenticate rather than check a permission (the route × role test lists them). */
export const SESSION_ROUTES = [
  'GET /session',
  'GET /session/config',
  'POST /session',
  'POST /session/logout',
  'POST /setup/begin',
  'POST /setup/complete',
  'GET /sso/login',
  'GET /sso/callback',
  'POST /sso/totp',
] as const;

/** Failed setup attempts one address may make per 15 minutes (guessing setup tokens or codes). */
const SETUP_FAILURES = 20;

export interface AdminApiOptions extends AdminDeps {
  verifier: ApiKeyVerifier;
  /**
   * Console login (password + TOTP in one step) and cookie sessions, plus the SSO sign-in's
   * one-time state; both in storage, shared by every replica. Absent = API keys only.
   */
  console?: { users: UserService; sessions: SessionStore; oneTime: OneTimeBacking };
  /**
   * Accept API keys here. Off by default: a key is a bearer secret with no second factor, and MFA
   * must not be skippable by any route; turn it on only for automation that holds admin keys.
   */
  apiKeys?: boolean;
  /** Replace the route table (tests). */
  routes?: readonly AdminRoute[];
  /** Where failed setup attempts per address are counted; default this process. */
  counters?: FailureCounters;
}

const loginBody = z.strictObject({
  tenant: z.string().min(1).max(128).default('default'),
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
  code: z.string().min(1).max(32),
});

/** Security headers on every admin response, errors included; a route's own (a report view) win. */
async function secureHeaders(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  for (const [name, value] of Object.entries(ADMIN_SECURITY_HEADERS))
    if (!reply.hasHeader(name)) void reply.header(name, value);
}
const secured = { onSend: secureHeaders };

/** The first value of each query parameter (the admin routes take scalars only). */
function flatQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query === null || typeof query !== 'object') return out;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    const first: unknown = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

const sessionPrincipal = (s: Session): Principal => ({
  id: `user:${s.userId}`,
  tenant: s.tenant,
  kind: 'user',
  roles: s.roles,
  clearance: s.clearance,
});

/**
 * Mounts the admin REST API under `/admin/v1`. A caller is an API key (Bearer or x-api-key) or a
 * console session cookie (which only a password + TOTP login creates); the anonymous principal never
 * reaches it. Session callers must echo the CSRF token on every POST. Each route then checks its
 * declared permissions before its handler runs.
 */
export function registerAdminApi(app: FastifyInstance, options: AdminApiOptions): void {
  const { console: consoleAuth } = options;
  // Disabling a user ends their sessions at once, on every replica (the store is shared).
  const deps: AdminDeps = consoleAuth
    ? { ...options, endSessions: (userId) => consoleAuth.sessions.destroyUser(userId) }
    : options;

  async function sessionOf(request: FastifyRequest, reply: FastifyReply): Promise<Session | undefined> {
    const id = cookieValue(request);
    if (id === undefined || !consoleAuth) return undefined;
    // A storage failure rejects (SESSION_STORE_UNAVAILABLE, 503): never an implicit login.
    let session = await consoleAuth.sessions.use(id);
    if (!session) return undefined;
    const user = await options.storage.users.get(session.userId);
    if (!user || user.disabled || (await options.tenants?.disabled(user.tenant))) {
      await consoleAuth.sessions.destroy(id);
      return undefined;
    }
    if (user.version !== session.userVersion) {
      // Privileges may have changed: new id and CSRF token, current roles (fixation-proof).
      session = await consoleAuth.sessions.rotate(session, user);
      if (!session) return undefined;
      setCookie(reply, session);
      void reply.header('x-csrf-token', session.csrf);
    }
    return session;
  }

  async function caller(request: FastifyRequest, reply: FastifyReply, method: string): Promise<Principal> {
    const token = presentedKey(request.headers);
    if (token !== undefined) {
      // Refused before verification, so the answer does not tell whether the key is valid.
      if (!options.apiKeys) throw new BulwarkError('MFA_REQUIRED');
      return (await options.verifier.verify(token)).principal;
    }
    const session = await sessionOf(request, reply);
    if (!session) throw new BulwarkError('UNAUTHENTICATED');
    const csrf = request.headers['x-csrf-token'];
    if (method !== 'GET' && !csrfMatches(session.csrf, typeof csrf === 'string' ? csrf : undefined))
      throw new BulwarkError('CSRF_FAILED');
    return sessionPrincipal(session);
  }

  for (const route of options.routes ?? ADMIN_ROUTES) {
    app.route({
      method: route.method,
      url: ADMIN_PREFIX + route.path,
      // Read by the route × role test: a route without permissions is a failing route.
      config: { permissions: route.permissions },
      ...secured,
      async handler(request, reply) {
        const principal = await caller(request, reply, route.method);
        if (!route.permissions.some((p) => can(principal, p))) throw new BulwarkError('FORBIDDEN');
        const result = await route.handler(
          {
            principal,
            params: request.params as Record<string, string>,
            body: request.body,
            query: flatQuery(request.query),
          },
          deps,
        );
        void reply.header('cache-control', 'no-store');
        if (result instanceof RawReply) {
          void reply.headers(result.headers).type(result.contentType);
          return reply.send(result.body);
        }
        return result;
      },
    });
  }

  if (!consoleAuth) return;
  // What the sign-in page shows before anyone signs in: no user data, only which buttons exist.
  app.get(ADMIN_PREFIX + '/session/config', { config: { session: 'config' }, ...secured }, async () => {
    const sso = options.config().console.sso;
    return { oidc: { enabled: sso.enabled, label: sso.label }, webauthn: false };
  });
  app.get(
    ADMIN_PREFIX + '/session',
    { config: { session: 'current' }, ...secured },
    async (request, reply) => {
      const session = await sessionOf(request, reply);
      if (!session) throw new BulwarkError('UNAUTHENTICATED');
      void reply.header('cache-control', 'no-store');
      // The sign-in name, for display (the session holds only ids).
      const user = await options.storage.users.get(session.userId);
      return { csrfToken: session.csrf, user: sessionUser(session, user?.username) };
    },
  );
  app.post(
    ADMIN_PREFIX + '/session',
    { config: { session: 'login' }, ...secured },
    async (request, reply) => {
      const parsed = loginBody.safeParse(request.body ?? {});
      if (!parsed.success)
        throw new BulwarkError('VALIDATION_FAILED', {
          details: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
        });
      const user = await consoleAuth.users
        .login({ ...parsed.data, sourceAddress: request.ip })
        .then(async (u) => {
          // Checked after the credentials, so the answer tells nothing to someone without them.
          await options.tenants?.assertActive(u.tenant);
          return u;
        })
        .catch(async (error: unknown) => {
          // Failed logins are audited by tenant only: the typed username may be a mistyped password.
          await options.audit?.({
            action: 'session.login',
            target: parsed.data.tenant,
            outcome: 'failure',
            principal: 'anonymous',
            tenant: parsed.data.tenant,
            role: '',
          });
          throw error;
        });
      const session = await consoleAuth.sessions.create(user);
      await options.audit?.(userAction('session.login', actor(user)));
      setCookie(reply, session);
      void reply.header('cache-control', 'no-store');
      return { csrfToken: session.csrf, user: sessionUser(session, user.username) };
    },
  );
  app.post(
    ADMIN_PREFIX + '/session/logout',
    { config: { session: 'logout' }, ...secured },
    async (request, reply) => {
      const session = await sessionOf(request, reply);
      if (!session) throw new BulwarkError('UNAUTHENTICATED');
      const csrf = request.headers['x-csrf-token'];
      if (!csrfMatches(session.csrf, typeof csrf === 'string' ? csrf : undefined))
        throw new BulwarkError('CSRF_FAILED');
      await consoleAuth.sessions.destroy(session.id);
      await options.audit?.(userAction('session.logout', session));
      setCookie(reply, undefined);
      return { loggedOut: true };
    },
  );

  // OIDC single sign-on: the same sessions and cookie as the password login (sso-routes.ts).
  registerSsoRoutes(app, {
    prefix: ADMIN_PREFIX,
    users: consoleAuth.users,
    sessions: consoleAuth.sessions,
    oneTime: consoleAuth.oneTime,
    deps: options,
    hooks: secured,
  });
  registerSetupRoutes(app, options);
}

const setupBegin = z.strictObject({ token: z.string().min(1).max(256) });
const setupComplete = z.strictObject({
  token: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
  code: z.string().min(1).max(32),
});

/**
 * `/setup/begin` and `/setup/complete`: an invited user (or the first admin) redeems a one-time
 * setup token, chooses a password and confirms TOTP. No session is created here; the user then
 * signs in with password + code like everyone else. Failures are counted per address.
 */
function registerSetupRoutes(app: FastifyInstance, options: AdminApiOptions): void {
  const setup = options.setup;
  if (!setup) return;
  const failures = (options.counters ?? memoryFailureCounters)('setup-fail', SETUP_FAILURES, 900);
  const guarded = async <T>(request: FastifyRequest, run: () => Promise<T>): Promise<T> => {
    const seen = await failures.get(request.ip);
    if (seen && seen.consumedPoints >= SETUP_FAILURES)
      throw new BulwarkError('ACCOUNT_LOCKED', {
        headers: { 'retry-after': String(Math.ceil(seen.msBeforeNext / 1000)) },
      });
    try {
      return await run();
    } catch (error) {
      await failures.penalty(request.ip, 1);
      throw error;
    }
  };
  const body = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value ?? {});
    if (!parsed.success)
      throw new BulwarkError('VALIDATION_FAILED', {
        details: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
      });
    return parsed.data;
  };
  app.post(
    ADMIN_PREFIX + '/setup/begin',
    { config: { session: 'setup' }, ...secured },
    async (request, reply) => {
      const { token } = body(setupBegin, request.body);
      const begun = await guarded(request, () => setup.begin(token));
      void reply.header('cache-control', 'no-store');
      return begun;
    },
  );
  app.post(
    ADMIN_PREFIX + '/setup/complete',
    { config: { session: 'setup' }, ...secured },
    async (request, reply) => {
      const input = body(setupComplete, request.body);
      const done = await guarded(request, () => setup.complete(input));
      await options.audit?.(userAction('users.setup', actor(done.user)));
      void reply.header('cache-control', 'no-store');
      return { recoveryCodes: done.recoveryCodes, user: { id: done.user.id, username: done.user.username } };
    },
  );
}
