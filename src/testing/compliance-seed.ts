import { randomBytes } from 'node:crypto';
import { openAuditLog, type AuditInput, type AuditKeys, type AuditLog } from '../audit/index.js';
import { createKeyRing, createLocalKms, type KeyRing } from '../crypto/index.js';
import type { ApiKeyRecord, Storage, UserRecord } from '../storage/index.js';

/** The fixed "now" of the seeded store. */
export const SEED_NOW = new Date('2026-06-30T00:00:00.000Z');
const DAY = 86_400_000;
/** ISO time `n` days before SEED_NOW. */
export const daysAgo = (n: number): string => new Date(SEED_NOW.getTime() - n * DAY).toISOString();

/** Secrets planted in the seeded stores: none may ever appear in a report. */
export const SEED_SECRETS = {
  secretHash: 'f'.repeat(64),
  passwordHash: '$scrypt$N=1024$planted-password-hash',
  totpSealed: 'cGxhbnRlZC10b3RwLXNlY3JldA==',
  email: 'ana.lopez@example.com',
};

const key = (id: string, over: Partial<ApiKeyRecord>): ApiKeyRecord => ({
  id,
  tenant: 'acme',
  principal: `app:${id}`,
  name: id,
  role: 'app',
  clearance: 'internal',
  scopes: {},
  secretHash: SEED_SECRETS.secretHash,
  createdAt: daysAgo(10),
  updatedAt: daysAgo(10),
  ...over,
});

const user = (id: string, over: Partial<UserRecord>): UserRecord => ({
  id,
  tenant: 'acme',
  username: id,
  roles: ['auditor'],
  clearance: 'internal',
  passwordHash: SEED_SECRETS.passwordHash,
  mfa: {
    totpSealed: SEED_SECRETS.totpSealed,
    recoveryCodeHashes: ['a'.repeat(64)],
    enrolledAt: daysAgo(300),
  },
  disabled: false,
  failedLogins: 0,
  createdAt: daysAgo(300),
  updatedAt: daysAgo(300),
  version: 1,
  ...over,
});

/** TOTP time step of an ISO time (30 s periods). */
const step = (iso: string) => Math.floor(Date.parse(iso) / 30_000);

/**
 * A store an access review has something to say about:
 * - keys: `billing` (fresh, used, scoped; 40 restricted requests against peers' 0-2), `legacy` (200 days
 *   old, unused for 60), `idle` (never used, 45 days old), `ops` (admin + restricted, created in the
 *   period), plus a revoked and an expired key that hold no access, and a key whose name is markup
 *   and a spreadsheet formula;
 * - users: `ana.lopez@example.com` (TOTP used 2 days ago), `bob` (last TOTP 120 days ago),
 *   `carol` (setup pending), `dave` (disabled);
 * - audit: requests of five `app` principals, Ana's login, the `ops` key's creation.
 */
export async function seedComplianceStore(
  storage: Storage,
): Promise<{ keyRing: KeyRing; audit: AuditLog & AuditKeys }> {
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  for (const k of [
    key('billing', { scopes: { models: ['gpt-4o'] }, lastUsedAt: daysAgo(1), clearance: 'restricted' }),
    key('legacy', {
      role: 'developer',
      clearance: 'confidential',
      createdAt: daysAgo(200),
      lastUsedAt: daysAgo(60),
    }),
    key('idle', { createdAt: daysAgo(45) }),
    key('ops', { role: 'admin', clearance: 'restricted', createdAt: daysAgo(5), lastUsedAt: daysAgo(2) }),
    key('gone', { revokedAt: daysAgo(3) }),
    key('lapsed', { expiresAt: daysAgo(1) }),
    key('markup', { name: '=HYPERLINK("http://evil")<img src=x onerror=alert(1)>', lastUsedAt: daysAgo(1) }),
  ])
    await storage.apiKeys.create(k);
  await storage.users.create(
    user('u-ana', {
      username: SEED_SECRETS.email,
      mfa: { ...user('x', {}).mfa, lastTotpStep: step(daysAgo(2)) },
    }),
  );
  await storage.users.create(
    user('u-bob', {
      username: 'bob',
      roles: ['developer'],
      mfa: { ...user('x', {}).mfa, lastTotpStep: step(daysAgo(120)) },
    }),
  );
  const { passwordHash: _none, ...pending } = user('u-carol', {
    username: 'carol',
    roles: ['security_officer'],
    mfa: { recoveryCodeHashes: [] },
    setup: { tokenHash: 'b'.repeat(64), expiresAt: daysAgo(-1) },
    createdAt: daysAgo(3),
  });
  await storage.users.create(pending);
  await storage.users.create(user('u-dave', { username: 'dave', disabled: true }));

  let clock = SEED_NOW;
  const audit = await openAuditLog({
    store: storage.audit,
    keyRing,
    checkpointIntervalMs: 0,
    now: () => clock,
  });
  const records: [string, AuditInput][] = [];
  const requests = {
    'app:billing': [50, 40],
    'app:p1': [10, 0],
    'app:p2': [10, 1],
    'app:p3': [10, 2],
    'app:p4': [5, 0],
  };
  for (const [principal, [total, restricted]] of Object.entries(requests))
    for (let i = 0; i < total!; i++)
      records.push([
        daysAgo(20 - (i % 10)),
        {
          kind: 'request',
          tenant: 'acme',
          principal,
          role: 'app',
          status: 200,
          levelIn: i < restricted! ? 'restricted' : 'internal',
        },
      ]);
  records.push(
    [
      daysAgo(150),
      {
        kind: 'request',
        tenant: 'acme',
        principal: 'app:billing',
        role: 'app',
        status: 200,
        levelIn: 'restricted',
      },
    ],
    [
      daysAgo(2),
      {
        kind: 'admin',
        action: 'session.login',
        target: 'u-ana',
        principal: 'user:u-ana',
        outcome: 'success',
      },
    ],
    [daysAgo(5), { kind: 'admin', action: 'keys.create', target: 'ops', outcome: 'success' }],
  );
  // Appended in time order, as a live log is.
  for (const [iso, input] of records.sort((a, b) => a[0].localeCompare(b[0]))) {
    clock = new Date(iso);
    await audit.append(input);
  }
  await audit.checkpoint();
  clock = SEED_NOW;
  return { keyRing, audit };
}
