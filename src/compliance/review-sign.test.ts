import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog, type AuditLog, type AuditRecord } from '../audit/index.js';
import { isBulwarkError } from '../core/index.js';
import type { Storage } from '../storage/index.js';
import { testBackends } from '../storage/contract/backends.js';
import { daysAgo, SEED_NOW, seedComplianceStore } from '../testing/compliance-seed.js';
import { buildAccessReview } from './access-review.js';
import { accessReviewCsv, accessReviewHtml } from './access-review-render.js';
import type { AccessReviewReport, ReviewEntry } from './access-review-types.js';
import { reportTarget } from './review-digest.js';
import { signAccessReview } from './review-sign.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const thresholds = { keyRotationDays: 90, unusedKeyDays: 30, restrictedOutlierMin: 10 };
const later = new Date(SEED_NOW.getTime() + 3_600_000);

/** What `bulwark report access-review` does: build the report and record its digest. */
async function generate(storage: Storage, audit: AuditLog, now = SEED_NOW): Promise<AccessReviewReport> {
  const report = await buildAccessReview({ storage, thresholds, since: daysAgo(90), now: () => now });
  await audit.append({
    kind: 'admin',
    action: 'review.report',
    target: reportTarget(report.reportId, report.digest),
    outcome: 'success',
  });
  return report;
}

type Decisions = Record<string, Pick<ReviewEntry, 'decision'> & Partial<Pick<ReviewEntry, 'downgradeTo'>>>;
const decide = (r: AccessReviewReport, d: Decisions): string =>
  JSON.stringify({ ...r, entries: r.entries.map((e) => ({ ...e, ...d[e.ref] })) });

const ALL: Decisions = {
  'key:billing': { decision: 'keep' },
  'key:idle': { decision: 'revoke' },
  'key:legacy': { decision: 'downgrade', downgradeTo: { roles: ['app'], clearance: 'internal' } },
  'key:ops': { decision: 'downgrade', downgradeTo: { roles: ['developer'], clearance: 'internal' } },
  'user:u-bob': { decision: 'revoke' },
  'user:u-carol': { decision: 'downgrade', downgradeTo: { roles: ['auditor'] } },
};

async function records(storage: Storage): Promise<AuditRecord[]> {
  return (await storage.audit.range(0, 10_000)).map((e) => JSON.parse(e.body) as AuditRecord);
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBulwarkError(error)) throw new Error(`expected a BulwarkError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe.each(backends)('review sign: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'applies keep, revoke and downgrade, audits each, and the next review shows what changed',
    async () => {
      const storage = await backend.open();
      const { audit } = await seedComplianceStore(storage);
      const report = await generate(storage, audit);
      const result = await signAccessReview({
        storage,
        audit,
        report: decide(report, ALL),
        reviewer: 'Ana Auditor',
        now: () => later,
      });
      expect(result.decisions).toEqual(
        Object.entries(ALL).map(([ref, d]) => ({ ref, decision: d.decision, outcome: 'applied' })),
      );
      expect(result.implicitlyKept).toBe(2);

      expect((await storage.apiKeys.get('idle'))?.revokedAt).toBe(later.toISOString());
      expect(await storage.apiKeys.get('legacy')).toMatchObject({ role: 'app', clearance: 'internal' });
      expect(await storage.apiKeys.get('ops')).toMatchObject({ role: 'developer', clearance: 'internal' });
      expect(await storage.users.get('u-bob')).toMatchObject({ disabled: true, version: 2 });
      expect(await storage.users.get('u-carol')).toMatchObject({
        roles: ['auditor'],
        clearance: 'internal',
        version: 2,
      });
      expect(await storage.apiKeys.get('billing')).toMatchObject({ role: 'app', clearance: 'restricted' });

      const review = (await records(storage)).filter((r) => r.action?.startsWith('review.'));
      expect(review.map((r) => [r.action, r.target, r.principal, r.outcome])).toEqual([
        ['review.report', reportTarget(report.reportId, report.digest), undefined, 'success'],
        ...Object.entries(ALL).map(([ref, d]) => [`review.${d.decision}`, ref, 'Ana Auditor', 'success']),
        ['review.sign', reportTarget(report.reportId, report.digest), 'Ana Auditor', 'success'],
      ]);
      await audit.close();
      expect((await verifyAuditLog({ store: storage.audit, publicKey: audit.signer.publicKey })).ok).toBe(
        true,
      );

      const next = await buildAccessReview({ storage, thresholds, since: daysAgo(90), now: () => later });
      expect(next.previousReview).toMatchObject({ reviewer: 'Ana Auditor', reportId: report.reportId });
      expect(next.reviewDecisions.map((d) => [d.decision, d.ref])).toEqual(
        Object.entries(ALL).map(([ref, d]) => [d.decision, ref]),
      );
      const refs = next.entries.map((e) => e.ref);
      expect(refs).not.toContain('key:idle');
      expect(refs).not.toContain('user:u-bob');
      const ops = next.entries.find((e) => e.ref === 'key:ops')!;
      expect(ops).toMatchObject({ roles: ['developer'], clearance: 'internal', flags: [] });
      // Record times come from the audit log's clock (the seed's, SEED_NOW).
      expect(ops.lastReview).toEqual({
        decision: 'downgrade',
        reviewer: 'Ana Auditor',
        at: SEED_NOW.toISOString(),
      });
      expect(next.entries.find((e) => e.ref === 'key:billing')?.lastReview?.decision).toBe('keep');
      expect(next.roleChanges.map((c) => [c.action, c.ref, c.escalation])).toEqual([
        ['keys.create', 'key:ops', false],
        ['review.downgrade', 'key:legacy', false],
        ['review.downgrade', 'key:ops', false],
        ['review.downgrade', 'user:u-carol', false],
      ]);
    },
  );
});

describe('review sign input', () => {
  const open = async () => {
    const storage = await backends[0]!.open();
    const { audit } = await seedComplianceStore(storage);
    return { storage, audit, report: await generate(storage, audit) };
  };
  const sign = (storage: Storage, audit: AuditLog, report: string, reviewer = 'Ana') =>
    signAccessReview({ storage, audit, report, reviewer, now: () => later });

  it('signs a CSV filled in like a spreadsheet, formula cells included', async () => {
    const { storage, audit, report } = await open();
    const csv = accessReviewCsv(report);
    const [first, ...rest] = csv.split('\n');
    expect(csv).toContain(`'=HYPERLINK`); // the formula is defused for spreadsheets
    const rows = parse(rest.join('\n'), { columns: true }) as Record<string, string>[];
    for (const row of rows) {
      const d = ALL[row.ref!];
      row.decision = d?.decision ?? (row.flags ? 'keep' : '');
      row.downgrade_roles = d?.downgradeTo?.roles?.join(' ') ?? '';
      row.downgrade_clearance = d?.downgradeTo?.clearance ?? '';
    }
    const filled = `${first}\n${stringify(rows, { header: true })}`;
    const result = await sign(storage, audit, filled);
    expect(result.decisions.filter((d) => d.outcome === 'applied')).toHaveLength(6);
    expect(await storage.apiKeys.get('ops')).toMatchObject({ role: 'developer', clearance: 'internal' });
  });

  it('refuses a report changed outside its decision columns, and one the audit log never saw', async () => {
    const { storage, audit, report } = await open();
    const forged = JSON.parse(decide(report, ALL)) as AccessReviewReport;
    forged.entries[0]!.clearance = 'public';
    expect(await failure(sign(storage, audit, JSON.stringify(forged)))).toMatchObject({
      code: 'REVIEW_REPORT_INVALID',
      message: expect.stringContaining('changed outside its decision columns') as string,
    });
    const unrecorded = await buildAccessReview({
      storage,
      thresholds,
      since: daysAgo(90),
      now: () => SEED_NOW,
    });
    expect((await failure(sign(storage, audit, decide(unrecorded, ALL)))).message).toContain('no record');
    expect((await failure(sign(storage, audit, accessReviewHtml(report)))).message).toContain('JSON or CSV');
    expect((await failure(sign(storage, audit, '{ not json'))).code).toBe('REVIEW_REPORT_INVALID');
  });

  it('needs a decision for every flagged entry and refuses a "downgrade" that grants', async () => {
    const { storage, audit, report } = await open();
    const { ['user:u-bob']: _skip, ...partial } = ALL;
    const missing = await failure(sign(storage, audit, decide(report, partial)));
    expect(missing).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(missing.message).toContain('user:u-bob: flagged but no decision');
    const upgrade = {
      ...ALL,
      'key:billing': { decision: 'downgrade' as const, downgradeTo: { roles: ['admin'] } },
    };
    expect((await failure(sign(storage, audit, decide(report, upgrade)))).message).toContain(
      'not a downgrade',
    );
    expect((await failure(sign(storage, audit, decide(report, ALL), "Robert'); DROP"))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(await storage.apiKeys.get('idle')).not.toHaveProperty('revokedAt'); // nothing applied
  });

  it('skips entries that changed since the report and refuses to sign twice', async () => {
    const { storage, audit, report } = await open();
    await storage.apiKeys.revoke('idle', SEED_NOW.toISOString());
    await storage.apiKeys.setAccess('legacy', { role: 'app', clearance: 'public' }, SEED_NOW.toISOString());
    const result = await sign(storage, audit, decide(report, ALL));
    expect(result.decisions.filter((d) => d.outcome === 'skipped')).toEqual([
      { ref: 'key:idle', decision: 'revoke', outcome: 'skipped', reason: 'no longer active' },
      { ref: 'key:legacy', decision: 'downgrade', outcome: 'skipped', reason: 'changed since the report' },
    ]);
    expect(await storage.apiKeys.get('legacy')).toMatchObject({ clearance: 'public' });
    const skipped = (await records(storage)).filter((r) => r.outcome === 'failure').map((r) => r.target);
    expect(skipped).toEqual(['key:idle', 'key:legacy']);
    expect((await failure(sign(storage, audit, decide(report, ALL)))).message).toContain(
      'already been signed',
    );
  });
});
