import type { FastifyReply, FastifyRequest } from 'fastify';
import { can, PERMISSIONS, SESSION_COOKIE, type Session } from '../../auth/index.js';
import type { AdminAuditEntry } from './admin-routes.js';

/** A cookie's value from the request's Cookie header (the session's by default). */
export function cookieValue(request: FastifyRequest, name: string = SESSION_COOKIE): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Sets (or, without a session, clears) the console session cookie; other Set-Cookie headers stay. */
export function setCookie(reply: FastifyReply, session: Session | undefined): void {
  const attrs = 'Path=/; Secure; HttpOnly; SameSite=Strict';
  void reply.header(
    'set-cookie',
    session ? `${SESSION_COOKIE}=${session.id}; ${attrs}` : `${SESSION_COOKIE}=; ${attrs}; Max-Age=0`,
  );
}

/** The session as the console sees it: who, which tenant, and the permissions it may offer. */
export const sessionUser = (s: Session, username?: string) => ({
  id: s.userId,
  tenant: s.tenant,
  roles: s.roles,
  clearance: s.clearance,
  // What the console may offer; the server still checks every route.
  permissions: PERMISSIONS.filter((p) => can({ roles: s.roles }, p)),
  ...(username !== undefined ? { username } : {}),
});

/** A successful action by (or on behalf of) a console user, as the audit log records it. */
export function userAction(
  action: string,
  user: { userId: string; tenant: string; roles: readonly string[] },
  target: string = user.userId,
): AdminAuditEntry {
  return {
    action,
    target,
    outcome: 'success',
    principal: `user:${user.userId}`,
    tenant: user.tenant,
    role: user.roles.join(','),
  };
}

/** `userAction`'s subject from a stored user record. */
export const actor = (u: { id: string; tenant: string; roles: readonly string[] }) => ({
  userId: u.id,
  tenant: u.tenant,
  roles: u.roles,
});
