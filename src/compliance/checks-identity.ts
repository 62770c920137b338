import { isRole, ROLE_PERMISSIONS } from '../auth/index.js';
import { item, type Check } from './check-types.js';
import { daysBetween } from './duration.js';

const privileged = (role: string) =>
  isRole(role) && ROLE_PERMISSIONS[role].some((p) => p.endsWith(':manage'));

/** Whether the gateway authenticates callers, from `auth.mode` and the live key count. */
export const authentication: Check = {
  id: 'authentication',
  title: 'Callers are authenticated',
  run(e) {
    const { mode } = e.config.auth;
    const keys = e.keys.length;
    const enforced = mode === 'required' || (mode === 'auto' && keys > 0);
    return {
      status: enforced ? 'met' : 'not met',
      summary: enforced
        ? 'Every gateway request must present an API key.'
        : mode === 'anonymous'
          ? 'auth.mode is anonymous: requests run as the anonymous principal without a key.'
          : 'auth.mode is auto and no API key exists yet, so requests run unauthenticated.',
      evidence: [
        item('auth.mode', mode),
        item('active API keys', keys),
        item(
          'anonymous principal',
          `tenant ${e.config.anonymous.tenant}, clearance ${e.config.anonymous.clearance}`,
        ),
      ],
    };
  },
};

/** Coverage of TOTP among console users, and whether the admin API can be reached without it. */
export const mfa: Check = {
  id: 'mfa',
  title: 'Administrators use multi-factor authentication',
  run(e) {
    const { withPassword, mfaEnrolled, active, setupPending } = e.users;
    const adminKeys = e.config.auth.adminApiKeys;
    const covered = Math.min(mfaEnrolled, withPassword);
    const status =
      withPassword > 0 && covered === 0 ? 'not met' : covered < withPassword || adminKeys ? 'partial' : 'met';
    return {
      status,
      summary:
        status === 'met'
          ? 'Every console user with a password has TOTP enrolled and the admin API accepts only MFA sessions.'
          : adminKeys
            ? 'auth.adminApiKeys is on: API keys reach the admin API without a second factor.'
            : 'Some console users with a password have no TOTP enrolled.',
      evidence: [
        item('console users (active)', active),
        item('MFA coverage', withPassword === 0 ? 'no users with a password' : `${covered}/${withPassword}`),
        item('setup pending', setupPending),
        item('auth.adminApiKeys', adminKeys),
      ],
    };
  },
};

/** Whether access reviews are signed as often as `compliance.reviewIntervalDays` asks. */
export const accessReview: Check = {
  id: 'access-review',
  title: 'Access is reviewed regularly',
  run(e) {
    const interval = e.config.compliance.reviewIntervalDays;
    const last = e.activity.lastReview;
    const age = last === undefined ? undefined : daysBetween(last.at, new Date(e.generatedAt));
    const status = age === undefined ? 'not met' : age <= interval ? 'met' : 'partial';
    return {
      status,
      summary:
        age === undefined
          ? `No access review was signed in the last ${e.activity.window.days} days.`
          : `The last access review was signed ${age} days ago (due every ${interval}).`,
      evidence: [
        item('compliance.reviewIntervalDays', interval),
        item('last signed review', last === undefined ? 'none' : `${last.at} by ${last.reviewer}`),
      ],
    };
  },
};

/** Ages of the live API keys against `compliance.keyRotationDays`. */
export const keyRotation: Check = {
  id: 'key-rotation',
  title: 'Credentials are rotated',
  run(e) {
    const max = e.config.compliance.keyRotationDays;
    const overdue = e.keys.filter((k) => k.ageDays > max);
    const oldest = Math.max(0, ...e.keys.map((k) => k.ageDays));
    const status = overdue.length === 0 ? 'met' : overdue.length === e.keys.length ? 'not met' : 'partial';
    return {
      status,
      summary:
        overdue.length === 0
          ? `No live API key is older than ${max} days.`
          : `${overdue.length} of ${e.keys.length} live API keys are older than ${max} days.`,
      evidence: [
        item('compliance.keyRotationDays', max),
        item('live API keys', e.keys.length),
        item('oldest key (days)', oldest),
        item('overdue keys', overdue.map((k) => k.id).join(', ') || 'none'),
        item('last root key rotation', e.activity.lastRootRotation ?? 'none in the window'),
      ],
    };
  },
};

/** Roles, clearances and scopes: nobody holds more than the gateway needs to give them. */
export const leastPrivilege: Check = {
  id: 'least-privilege',
  title: 'Access follows least privilege (roles, clearance, scopes)',
  run(e) {
    const enforced = authentication.run(e).status === 'met';
    const anonRoles = e.config.anonymous.roles;
    const admins = e.keys.filter((k) => privileged(k.role));
    const problems = [
      ...(enforced ? [] : ['requests are not authenticated']),
      ...(anonRoles.length > 0 ? ['the anonymous principal holds roles'] : []),
      ...(admins.length > 0
        ? [
            admins.length === 1
              ? '1 API key holds a managing role'
              : `${admins.length} API keys hold a managing role`,
          ]
        : []),
    ];
    return {
      status: !enforced ? 'not met' : problems.length > 0 ? 'partial' : 'met',
      summary:
        problems.length === 0
          ? 'Authenticated principals carry scoped roles and clearances.'
          : `${problems.join('; ')}.`,
      evidence: [
        item('auth.clearance (input above clearance)', e.config.auth.clearance),
        item('anonymous.roles', anonRoles.join(', ') || 'none'),
        item('API keys with a managing role', admins.map((k) => k.id).join(', ') || 'none'),
        item('scoped API keys', `${e.keys.filter((k) => k.scoped).length}/${e.keys.length}`),
        item('keys with restricted clearance', e.keys.filter((k) => k.clearance === 'restricted').length),
      ],
    };
  },
};
