import { afterAll, describe, expect, it } from 'vitest';
import { testBackends } from '../storage/contract/backends.js';
import { daysAgo, SEED_NOW, SEED_SECRETS, seedComplianceStore } from '../testing/compliance-seed.js';
import { buildAccessReview } from './access-review.js';
import { accessReviewCsv, accessReviewHtml } from './access-review-render.js';
import { digestRows, entryCells } from './review-digest.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const thresholds = { keyRotationDays: 90, unusedKeyDays: 30, restrictedOutlierMin: 10 };
const key = (id: string, over: object) => ({
  ref: `key:${id}`,
  kind: 'api-key',
  tenant: 'acme',
  principal: `app:${id}`,
  name: id,
  roles: ['app'],
  clearance: 'internal',
  scopes: {},
  status: 'active',
  createdAt: daysAgo(10),
  ageDays: 10,
  requests: 0,
  restrictedRequests: 0,
  flags: [],
  decision: null,
  ...over,
});
const user = (id: string, over: object) => ({
  ref: `user:${id}`,
  kind: 'console-user',
  tenant: 'acme',
  principal: `user:${id}`,
  scopes: {},
  clearance: 'internal',
  status: 'active',
  createdAt: daysAgo(300),
  ageDays: 300,
  requests: 0,
  restrictedRequests: 0,
  decision: null,
  ...over,
});

describe.each(backends)('access review from a seeded store: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'lists every principal holding access with its flags, usage against peers and grants',
    async () => {
      const storage = await backend.open();
      const { audit } = await seedComplianceStore(storage);
      await audit.close();
      const report = await buildAccessReview({
        storage,
        thresholds,
        since: daysAgo(90),
        now: () => SEED_NOW,
      });

      expect(report.entries).toEqual([
        key('billing', {
          clearance: 'restricted',
          scopes: { models: ['gpt-4o'] },
          lastUsedAt: daysAgo(1),
          requests: 50,
          restrictedRequests: 40,
          flags: ['restricted-outlier'],
        }),
        key('idle', { createdAt: daysAgo(45), ageDays: 45, flags: ['unused'] }),
        key('legacy', {
          roles: ['developer'],
          clearance: 'confidential',
          createdAt: daysAgo(200),
          ageDays: 200,
          lastUsedAt: daysAgo(60),
          flags: ['unused', 'rotation-overdue'],
        }),
        key('markup', {
          name: '=HYPERLINK("http://evil")<img src=x onerror=alert(1)>',
          lastUsedAt: daysAgo(1),
        }),
        key('ops', {
          roles: ['admin'],
          clearance: 'restricted',
          createdAt: daysAgo(5),
          ageDays: 5,
          lastUsedAt: daysAgo(2),
          flags: ['role-changed', 'privilege-escalation'],
        }),
        user('u-ana', {
          name: 'a***@example.com',
          roles: ['auditor'],
          lastUsedAt: daysAgo(2),
          mfa: { enrolled: true, lastUsedAt: daysAgo(2) },
          flags: [],
        }),
        user('u-bob', {
          name: 'bob',
          roles: ['developer'],
          mfa: { enrolled: true, lastUsedAt: daysAgo(120) },
          flags: ['no-mfa-use'],
        }),
        user('u-carol', {
          name: 'carol',
          roles: ['security_officer'],
          status: 'setup-pending',
          createdAt: daysAgo(3),
          ageDays: 3,
          mfa: { enrolled: false },
          flags: ['no-mfa-use'],
        }),
      ]);
      expect(report.usage).toEqual([
        {
          tenant: 'acme',
          principal: 'app:billing',
          role: 'app',
          requests: 50,
          restricted: 40,
          peers: 4,
          peerMedian: 0.5,
          threshold: 4,
          outlier: true,
        },
        {
          tenant: 'acme',
          principal: 'app:p1',
          role: 'app',
          requests: 10,
          restricted: 0,
          peers: 4,
          peerMedian: 1.5,
          threshold: 6.7,
          outlier: false,
        },
        {
          tenant: 'acme',
          principal: 'app:p2',
          role: 'app',
          requests: 10,
          restricted: 1,
          peers: 4,
          peerMedian: 1,
          threshold: 6.2,
          outlier: false,
        },
        {
          tenant: 'acme',
          principal: 'app:p3',
          role: 'app',
          requests: 10,
          restricted: 2,
          peers: 4,
          peerMedian: 0.5,
          threshold: 4,
          outlier: false,
        },
        {
          tenant: 'acme',
          principal: 'app:p4',
          role: 'app',
          requests: 5,
          restricted: 0,
          peers: 4,
          peerMedian: 1.5,
          threshold: 6.7,
          outlier: false,
        },
      ]);
      expect(report.roleChanges).toEqual([
        {
          at: daysAgo(5),
          action: 'keys.create',
          ref: 'key:ops',
          escalation: true,
          detail: 'now admin with clearance restricted',
        },
      ]);
      expect(report.summary).toEqual({
        entries: 8,
        flagged: 6,
        byFlag: {
          unused: 2,
          'rotation-overdue': 1,
          'no-mfa-use': 2,
          'restricted-outlier': 1,
          'role-changed': 1,
          'privilege-escalation': 1,
        },
      });
      expect(report).toMatchObject({
        format: 'bulwark-access-review/v1',
        generatedAt: SEED_NOW.toISOString(),
        period: { since: daysAgo(90), until: SEED_NOW.toISOString() },
        thresholds,
        reviewDecisions: [],
      });
      expect(report.previousReview).toBeUndefined();
      expect(report.digest).toBe(digestRows(report, report.entries.map(entryCells)));

      // No secret, hash or unmasked address in any form of the report; keys by public id only.
      for (const text of [JSON.stringify(report), accessReviewCsv(report), accessReviewHtml(report)]) {
        for (const planted of Object.values(SEED_SECRETS)) expect(text).not.toContain(planted);
        expect(text).not.toMatch(/bk_(live|test)_/);
      }
    },
  );
});

describe('access review options', () => {
  it('limits the review to one tenant', async () => {
    const [memory] = backends;
    const storage = await memory!.open();
    const { audit } = await seedComplianceStore(storage);
    await storage.apiKeys.create({
      id: 'other',
      tenant: 'globex',
      principal: 'app:other',
      name: 'other',
      role: 'app',
      clearance: 'internal',
      scopes: {},
      secretHash: '0'.repeat(64),
      createdAt: daysAgo(1),
      updatedAt: daysAgo(1),
    });
    await audit.close();
    const all = await buildAccessReview({ storage, thresholds, since: daysAgo(90), now: () => SEED_NOW });
    const one = await buildAccessReview({
      storage,
      thresholds,
      since: daysAgo(90),
      tenant: 'globex',
      now: () => SEED_NOW,
    });
    expect(all.entries.map((e) => e.ref)).toContain('key:other');
    expect(one.entries.map((e) => e.ref)).toEqual(['key:other']);
    expect(one.usage).toEqual([]);
    expect(one.tenant).toBe('globex');
  });
});
