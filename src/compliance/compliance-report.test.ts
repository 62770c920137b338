import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfig, type BulwarkConfig } from '../config/index.js';
import { openSqliteStorage, type Storage } from '../storage/index.js';
import { testBackends } from '../storage/contract/backends.js';
import { daysAgo, SEED_NOW, SEED_SECRETS, seedComplianceStore } from '../testing/compliance-seed.js';
import { buildAccessReview } from './access-review.js';
import { buildComplianceReport, complianceHtml, type ComplianceReport } from './compliance-report.js';
import { collectEvidence, type Evidence, type RootKeySource } from './evidence.js';
import { FRAMEWORKS } from './frameworks.js';
import { runRetention } from './retention-run.js';
import { reportTarget } from './review-digest.js';
import { signAccessReview } from './review-sign.js';

const backends = await testBackends();
const dir = mkdtempSync(join(tmpdir(), 'bulwark-compliance-'));
const redteamFile = join(dir, 'report.json');
afterAll(async () => {
  for (const b of backends) await b.cleanup();
  rmSync(dir, { recursive: true, force: true });
});
beforeAll(() => {
  writeFileSync(
    redteamFile,
    JSON.stringify({
      tool: 'bulwark-redteam',
      version: 1,
      startedAt: daysAgo(10),
      finishedAt: daysAgo(10),
      target: { url: 'https://user:hunter2@llm.internal/v1', model: 'gpt-4o' },
      summary: {
        attempts: 200,
        successes: 3,
        errors: 0,
        asr: 0.015,
        byCategory: [],
        bySeverity: { low: 3, medium: 0, high: 0, critical: 0 },
      },
      attempts: [{ prompt: 'planted attack text', reply: 'planted reply' }],
    }),
  );
});

type Loose = Record<string, unknown>;
/** The raw YAML as an object, loose where tests add keys. */
interface Raw {
  upstreams: Record<string, Loose & { baseUrl: string }>;
  models: Loose;
  auth: Loose;
  policy: Loose & {
    input: { categories: Record<string, string> };
    output: { categories: Record<string, string> };
  };
  monitoring: Loose;
  compliance: Loose;
  retention?: Loose;
}
type Patch = (c: Raw) => void;

/** A deployment that does what the frameworks ask; tests switch single controls off. */
const base = (): Raw => ({
  upstreams: {
    openai: { kind: 'openai-compatible', baseUrl: 'https://api.openai.com/v1', region: 'US' },
    local: {
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:11434/v1',
      trusted: true,
      region: 'on-premises',
    },
  },
  models: { '*': { upstream: 'openai' } },
  auth: { mode: 'required' },
  policy: {
    input: {
      categories: Object.fromEntries(
        ['contact', 'person', 'location', 'financial', 'national_id', 'health'].map((c) => [c, 'tokenize']),
      ),
    },
    output: { categories: { secret: 'block', credential: 'block' } },
  },
  monitoring: {
    alerts: { webhooks: [{ url: 'https://hooks.example.com/bulwark', secret: '0123456789abcdef' }] },
  },
  compliance: {
    redteamReport: redteamFile,
    processing: { controller: 'Example GmbH', contact: 'privacy@example.com' },
  },
});
const config = (patch: Patch = () => undefined): BulwarkConfig => {
  const raw = base();
  raw.policy.input.categories.injection = 'block';
  patch(raw);
  return parseConfig(stringify(raw), { env: {} });
};

async function evidenceFor(
  storage: Storage,
  publicKey: string,
  c: BulwarkConfig,
  rootKeySource: RootKeySource = 'env',
): Promise<Evidence> {
  return collectEvidence({ config: c, storage, publicKey, rootKeySource, now: () => SEED_NOW });
}

const statusOf = (r: ComplianceReport, id: string) => r.controls.find((c) => c.id === id)?.status;
const check = (r: ComplianceReport, id: string) =>
  r.controls.flatMap((c) => c.checks).find((k) => k.id === id)!;

describe.each(backends)('compliance evidence from a seeded store: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'computes SOC 2 control by control, with the evidence behind each status',
    async () => {
      const storage = await backend.open();
      const { audit } = await seedComplianceStore(storage);
      await audit.close();
      const evidence = await evidenceFor(storage, audit.signer.publicKey, config());
      const soc2 = buildComplianceReport('soc2', evidence);
      expect(soc2.controls.map((c) => [c.id, c.status, c.checks.map((k) => `${k.id}:${k.status}`)])).toEqual([
        ['CC6.1', 'met', ['authentication:met', 'mfa:met', 'encryption:met']],
        ['CC6.2', 'partial', ['least-privilege:partial', 'access-review:not met']],
        ['CC6.3', 'partial', ['least-privilege:partial', 'access-review:not met', 'key-rotation:partial']],
        ['CC6.6', 'met', ['injection-blocking:met', 'transmission:met']],
        ['CC6.7', 'met', ['pii-masking:met', 'output-blocking:met', 'transmission:met']],
        ['CC7.1', 'met', ['redteam:met']],
        ['CC7.2', 'met', ['monitoring:met', 'audit-integrity:met']],
      ]);
      expect(soc2.summary).toEqual({ met: 5, partial: 2, 'not met': 0 });
      expect(check(soc2, 'mfa').evidence).toEqual([
        { item: 'console users (active)', value: '3' },
        { item: 'MFA coverage', value: '2/2' },
        { item: 'setup pending', value: '1' },
        { item: 'auth.adminApiKeys', value: 'false' },
      ]);
      expect(check(soc2, 'key-rotation').evidence).toEqual([
        { item: 'compliance.keyRotationDays', value: '90' },
        { item: 'live API keys', value: '5' },
        { item: 'oldest key (days)', value: '200' },
        { item: 'overdue keys', value: 'legacy' },
        { item: 'last root key rotation', value: 'none in the window' },
      ]);
      const head = await storage.audit.head();
      const cp = (await storage.audit.checkpoints()).at(-1)!;
      expect(check(soc2, 'audit-integrity').evidence.slice(0, 2)).toEqual([
        { item: 'verification', value: `OK, records 0..${head.size - 1}` },
        {
          item: 'latest checkpoint',
          value: `size ${cp.treeSize} at ${cp.time}, root ${cp.rootHash.slice(0, 16)}…, key ${cp.keyId}`,
        },
      ]);
      expect(check(soc2, 'least-privilege').summary).toBe('1 API key holds a managing role.');
      expect(check(soc2, 'redteam').evidence).toEqual([
        { item: 'last run finished', value: daysAgo(10) },
        { item: 'model', value: 'gpt-4o' },
        { item: 'attack success rate', value: '1.5% (3/200)' },
        { item: 'successful high/critical attacks', value: '0' },
      ]);
      for (const framework of FRAMEWORKS) {
        const text =
          JSON.stringify(buildComplianceReport(framework, evidence)) +
          complianceHtml(buildComplianceReport(framework, evidence));
        for (const planted of [...Object.values(SEED_SECRETS), 'hunter2', 'planted attack text'])
          expect(text).not.toContain(planted);
      }
    },
  );
});

describe('statuses follow the evidence', () => {
  let storage: Storage;
  let publicKey: string;
  beforeAll(async () => {
    storage = await backends[0]!.open();
    const { audit } = await seedComplianceStore(storage);
    await audit.close();
    publicKey = audit.signer.publicKey;
  });
  const report = async (framework: string, c: BulwarkConfig, source: RootKeySource = 'env') =>
    buildComplianceReport(framework, await evidenceFor(storage, publicKey, c, source));

  it.each([
    [
      'contact data forwarded unmasked',
      'soc2',
      'CC6.7',
      'met',
      'partial',
      (c) => void (c.policy.input.categories.contact = 'allow'),
    ],
    [
      'all personal data forwarded and traces capture content',
      'gdpr',
      'Art. 5(1)(c)',
      'met',
      'not met',
      (c) => {
        for (const k of Object.keys(c.policy.input.categories))
          if (k !== 'injection') c.policy.input.categories[k] = 'allow';
        c.monitoring = { ...c.monitoring, tracing: { enabled: true, captureContent: true } };
      },
    ],
    ['authentication off', 'hipaa', '164.312(d)', 'met', 'partial', (c) => void (c.auth.mode = 'anonymous')],
    [
      'authentication off, so least privilege too',
      'pci-dss',
      'Req. 7',
      'partial',
      'not met',
      (c) => void (c.auth.mode = 'anonymous'),
    ],
    [
      'admin API open to keys (no MFA)',
      'soc2',
      'CC6.1',
      'met',
      'partial',
      (c) => void (c.auth.adminApiKeys = true),
    ],
    [
      'secrets let out',
      'soc2',
      'CC6.7',
      'met',
      'partial',
      (c) => void (c.policy.output.categories.secret = 'allow'),
    ],
    [
      'behaviour monitoring off',
      'iso27001',
      'A.8.16',
      'met',
      'not met',
      (c) => void (c.monitoring = { ...c.monitoring, behaviour: { enabled: false } }),
    ],
    [
      'no red-team report',
      'pci-dss',
      'Req. 11',
      'met',
      'not met',
      (c: Raw) => void delete c.compliance.redteamReport,
    ],
    [
      'audit kept 90 days',
      'hipaa',
      '164.312(b)',
      'met',
      'partial',
      (c) => void (c.retention = { auditDays: 90 }),
    ],
    ['guardrails fail open', 'gdpr', 'Art. 25', 'met', 'partial', (c) => void (c.policy.failOpen = true)],
    [
      'transcripts and conversations kept a year',
      'gdpr',
      'Art. 17',
      'met',
      'not met',
      (c) => void (c.retention = { transcriptDays: 365, conversationDays: 365 }),
    ],
    [
      'no controller for the record',
      'gdpr',
      'Art. 30',
      'met',
      'partial',
      (c) => void (c.compliance.processing = {}),
    ],
    [
      'plain HTTP to a remote provider',
      'hipaa',
      '164.312(e)(1)',
      'met',
      'partial',
      (c) => void (c.upstreams.openai!.baseUrl = 'http://api.example.com/v1'),
    ],
  ] as [string, string, string, string, string, Patch][])(
    '%s: %s %s goes from %s to %s',
    async (_what, framework, control, from, to, patch) => {
      expect(statusOf(await report(framework, config()), control)).toBe(from);
      expect(statusOf(await report(framework, config(patch)), control)).toBe(to);
    },
  );

  it('marks encryption partial when the root key sits in the data directory', async () => {
    expect(check(await report('iso27001', config(), 'data-dir'), 'encryption').status).toBe('partial');
  });

  it('turns access review and retention to met once a review is signed and a purge ran', async () => {
    const store = await backends[0]!.open();
    const { audit, keyRing } = await seedComplianceStore(store);
    const before = await buildComplianceReport(
      'gdpr',
      await evidenceFor(store, audit.signer.publicKey, config()),
    );
    expect(statusOf(before, 'Art. 5(1)(e)')).toBe('partial');
    const review = await buildAccessReview({
      storage: store,
      thresholds: config().compliance,
      since: daysAgo(90),
      now: () => SEED_NOW,
    });
    await audit.append({
      kind: 'admin',
      action: 'review.report',
      target: reportTarget(review.reportId, review.digest),
      outcome: 'success',
    });
    const filled = { ...review, entries: review.entries.map((e) => ({ ...e, decision: 'keep' })) };
    await signAccessReview({ storage: store, audit, report: JSON.stringify(filled), reviewer: 'Ana' });
    await runRetention({
      retention: config().retention,
      storage: store,
      keyRing,
      audit,
      signer: audit.signer,
      now: () => SEED_NOW,
    });
    await audit.close();
    const after = buildComplianceReport('soc2', await evidenceFor(store, audit.signer.publicKey, config()));
    expect(check(after, 'access-review')).toMatchObject({
      status: 'met',
      summary: expect.stringContaining('0 days ago') as string,
    });
    const gdpr = buildComplianceReport('gdpr', await evidenceFor(store, audit.signer.publicKey, config()));
    expect(statusOf(gdpr, 'Art. 5(1)(e)')).toBe('met');
  });

  it('reports a tampered audit log as not met, naming the position', async () => {
    const file = join(dir, 'tamper.db');
    const sqlite = openSqliteStorage({ path: file });
    const { audit } = await seedComplianceStore(sqlite);
    await audit.close();
    const raw = new DatabaseSync(file);
    raw
      .prepare(`UPDATE audit_entries SET body = replace(body, '"status":200', '"status":500') WHERE seq = 7`)
      .run();
    raw.close();
    const r = buildComplianceReport('hipaa', await evidenceFor(sqlite, audit.signer.publicKey, config()));
    expect(check(r, 'audit-integrity').status).toBe('not met');
    expect(statusOf(r, '164.312(b)')).toBe('partial'); // retention still holds
    expect(check(r, 'audit-integrity').summary).toBe('Verification failed at position 7 (edited).');
    await sqlite.close();
  });

  it('refuses an unknown framework by naming the allowed ones', async () => {
    await expect(report('nist', config())).rejects.toThrow(/soc2, hipaa, pci-dss, iso27001, gdpr/);
  });
});
