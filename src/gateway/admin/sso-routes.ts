import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createOidcClient,
  createSsoLogin,
  OidcFlowError,
  type OneTimeBacking,
  type OidcPolicyConfig,
  type Session,
  type SessionStore,
  type SsoCallbackResult,
  type SsoLogin,
  type UserService,
} from '../../auth/index.js';
import type { SsoConfig } from '../../config/index.js';
import { BulwarkError } from '../../core/index.js';
import type { UserRecord } from '../../storage/index.js';
import type { AdminDeps } from './admin-routes.js';
import { actor, cookieValue, sessionUser, setCookie, userAction } from './console-session.js';

/** Holds the pending login's id between the redirect to the IdP and its callback. */
export const SSO_FLOW_COOKIE = '__Host-bulwark_sso';
// Lax, not Strict: the IdP's redirect back is a cross-site top-level navigation that must carry it.
const FLOW_ATTRS = 'Path=/; Secure; HttpOnly; SameSite=Lax';
const CONSOLE_LOGIN = '/console/#/login';
const CONSOLE_HOME = '/console/#/overview';

export interface SsoRoutesOptions {
  prefix: string;
  users: UserService;
  sessions: SessionStore;
  /** Pending logins and TOTP tickets, in storage so any replica can finish a sign-in. */
  oneTime: OneTimeBacking;
  deps: AdminDeps;
  /** The admin API's hooks (security headers on every response). */
  hooks: { onSend: (request: FastifyRequest, reply: FastifyReply) => Promise<void> };
}

const totpBody = z.strictObject({
  ticket: z.string().min(1).max(128),
  code: z.string().min(1).max(32),
});

/** The oidc-policy options from `console.sso` (exactOptionalPropertyTypes: unset stays absent). */
function policyOf(sso: SsoConfig): OidcPolicyConfig {
  return {
    requireMfaClaim: sso.requireMfaClaim,
    mfaAcrValues: sso.mfaAcrValues,
    usernameClaim: sso.usernameClaim,
    roleClaim: sso.roleClaim,
    ...(sso.roleMapping ? { roleMapping: sso.roleMapping } : {}),
    ...(sso.tenantClaim ? { tenantClaim: sso.tenantClaim } : {}),
    ...(sso.allowedTenants ? { allowedTenants: sso.allowedTenants } : {}),
    // One-tenant deployments need no tenant setting at all.
    ...(sso.defaultTenant || !sso.tenantClaim ? { defaultTenant: sso.defaultTenant ?? 'default' } : {}),
  };
}

const loginPageWith = (params: Record<string, string>) =>
  `${CONSOLE_LOGIN}?${new URLSearchParams(params).toString()}`;

/**
 * `GET /sso/login` (302 to the IdP), `GET /sso/callback` (302 back to the console, with a session,
 * a TOTP ticket or an error code) and `POST /sso/totp` (ticket + code → session). Registered by
 * `registerAdminApi` next to the password login; they answer 404 while `console.sso.enabled` is off.
 */
export function registerSsoRoutes(app: FastifyInstance, options: SsoRoutesOptions): void {
  const { deps, prefix, sessions, hooks } = options;
  let current: { key: string; login: SsoLogin } | undefined;

  // One flow per SSO configuration: a reload that changes `console.sso` starts a fresh client.
  function ssoLogin(): SsoLogin {
    const sso = deps.config().console.sso;
    if (!sso.enabled || !sso.issuer || !sso.clientId || !sso.redirectUri) throw new BulwarkError('NOT_FOUND');
    const key = JSON.stringify(sso);
    if (current?.key === key) return current.login;
    const client = createOidcClient({
      issuer: sso.issuer,
      clientId: sso.clientId,
      redirectUri: sso.redirectUri,
      scopes: sso.scopes,
      ...(sso.clientSecret ? { clientSecret: sso.clientSecret } : {}),
    });
    const login = createSsoLogin({
      client,
      policy: policyOf(sso),
      users: options.users,
      store: deps.storage.users,
      oneTime: options.oneTime,
      ...(sso.provisionUsers ? { provision: { clearance: sso.provisionClearance } } : {}),
      ...(deps.tenants ? { tenantDisabled: (t: string) => deps.tenants!.disabled(t) } : {}),
    });
    current = { key, login };
    return login;
  }

  /** One audit record per outcome; `target` names the step or the refusal reason, never a token. */
  const audit = (outcome: 'success' | 'failure', target: string, user?: UserRecord) =>
    deps.audit?.({
      action: 'session.sso',
      target,
      outcome,
      principal: user ? `user:${user.id}` : 'anonymous',
      tenant: user?.tenant ?? '',
      role: user?.roles.join(',') ?? '',
    });

  const clearFlow = (reply: FastifyReply) =>
    void reply.header('set-cookie', `${SSO_FLOW_COOKIE}=; ${FLOW_ATTRS}; Max-Age=0`);

  const redirect = (reply: FastifyReply, location: string) =>
    reply.header('cache-control', 'no-store').redirect(location, 302);

  app.get(prefix + '/sso/login', { config: { session: 'sso' }, ...hooks }, async (request, reply) => {
    const login = ssoLogin();
    try {
      const { flow, url } = await login.start();
      void reply.header('set-cookie', `${SSO_FLOW_COOKIE}=${flow}; ${FLOW_ATTRS}; Max-Age=600`);
      return redirect(reply, url.href);
    } catch (error) {
      if (error instanceof BulwarkError && error.code === 'SESSION_STORE_UNAVAILABLE') {
        request.log.error({ code: error.code }, 'SSO: the pending login could not be stored');
        await audit('failure', 'session-store');
        return redirect(reply, loginPageWith({ sso_error: 'SSO_FAILED' }));
      }
      const code = error instanceof OidcFlowError ? error.libraryCode : undefined;
      // The code only: an error object from the IdP exchange may carry response bodies.
      request.log.warn({ code: code ?? 'IDP_UNREACHABLE' }, 'SSO: identity provider discovery failed');
      await audit('failure', 'idp-unreachable');
      return redirect(reply, loginPageWith({ sso_error: 'SSO_FAILED' }));
    }
  });

  app.get(prefix + '/sso/callback', { config: { session: 'sso' }, ...hooks }, async (request, reply) => {
    const login = ssoLogin();
    const flow = cookieValue(request, SSO_FLOW_COOKIE);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    let result: SsoCallbackResult;
    try {
      result = await login.callback(flow, new URLSearchParams(query), request.ip);
    } catch (error) {
      request.log.error({ code: (error as { code?: unknown }).code }, 'SSO: callback failed');
      result = { outcome: 'refused', code: 'SSO_FAILED', reason: 'internal' };
    }
    if (result.outcome === 'refused') {
      if (result.reason.startsWith('invalid-response') || result.reason === 'idp-error')
        request.log.info({ reason: result.reason }, 'SSO: callback refused');
      clearFlow(reply);
      await audit('failure', result.reason, result.user);
      return redirect(reply, loginPageWith({ sso_error: result.code }));
    }
    if (result.outcome === 'totp') {
      // The flow cookie stays: it binds the ticket to this browser until the code is entered.
      await audit('success', 'totp-required', result.user);
      return redirect(reply, loginPageWith({ sso_ticket: result.ticket }));
    }
    if (result.provisioned) await deps.audit?.(userAction('users.provision', actor(result.user)));
    clearFlow(reply);
    let session: Session;
    try {
      session = await sessions.create(result.user);
    } catch (error) {
      // Fail closed, and say so to the browser rather than leave it on a JSON error page.
      request.log.error({ code: (error as { code?: unknown }).code }, 'SSO: the session could not be stored');
      await audit('failure', 'session-store', result.user);
      return redirect(reply, loginPageWith({ sso_error: 'SSO_FAILED' }));
    }
    await audit('success', 'session', result.user);
    setCookie(reply, session);
    return redirect(reply, CONSOLE_HOME);
  });

  app.post(prefix + '/sso/totp', { config: { session: 'sso' }, ...hooks }, async (request, reply) => {
    const login = ssoLogin();
    const parsed = totpBody.safeParse(request.body ?? {});
    if (!parsed.success)
      throw new BulwarkError('VALIDATION_FAILED', {
        details: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
      });
    const owner = await login.ticketUser(parsed.data.ticket);
    const user = await login
      .redeem({
        ...parsed.data,
        browser: cookieValue(request, SSO_FLOW_COOKIE),
        sourceAddress: request.ip,
      })
      .catch(async (error: unknown) => {
        const reason = error instanceof BulwarkError ? error.code.toLowerCase() : 'internal';
        const known = owner === undefined ? undefined : await deps.storage.users.get(owner);
        await audit('failure', `totp:${reason}`, known);
        throw error;
      });
    const session = await sessions.create(user);
    await audit('success', 'session-after-totp', user);
    clearFlow(reply);
    setCookie(reply, session);
    void reply.header('cache-control', 'no-store');
    return { csrfToken: session.csrf, user: sessionUser(session, user.username) };
  });
}
