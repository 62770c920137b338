import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { openSqliteStorage } from '../../src/storage/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-compliance-e2e-'));
const data = join(dir, 'data');
const config = join(dir, 'bulwark.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  config,
  `upstreams:
  openai: { kind: openai-compatible, baseUrl: 'https://api.openai.com/v1', region: US }
models: { '*': { upstream: openai } }
auth: { mode: required }
retention: { auditDays: 400, conversationDays: 7 }
compliance:
  processing: { controller: Example GmbH, contact: privacy@example.com }
`,
);

/** Runs `bulwark …` in this process with the test's config and data directory, capturing output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const previous = process.env.BULWARK_ROOT_KEY;
  delete process.env.BULWARK_ROOT_KEY;
  process.exitCode = undefined;
  try {
    await (
      await buildProgram()
    ).parseAsync(['node', 'bulwark', ...args, '--config', config, '--data-dir', data]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    if (previous !== undefined) process.env.BULWARK_ROOT_KEY = previous;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('bulwark report / review / retention (CLI, SQLite)', () => {
  it('generates an access review, signs the decisions from its CSV, and the evidence shows the review', async () => {
    await cli(['keys', 'create', '--name', 'billing', '--role', 'app']);
    await cli(['keys', 'create', '--name', 'ops', '--role', 'admin', '--clearance', 'restricted']);
    const csvFile = join(dir, 'review.csv');
    const generated = await cli([
      'report',
      'access-review',
      '--since',
      '30d',
      '--format',
      'csv',
      '--out',
      csvFile,
    ]);
    expect(generated.stderr).toMatch(/access review [0-9a-f-]{36}: 2 principals, 2 flagged/);
    expect(statSync(csvFile).mode & 0o777).toBe(0o600);
    const [header, ...rest] = readFileSync(csvFile, 'utf8').split('\n');
    expect(header).toMatch(/^# bulwark-access-review\/v1 report=/);
    expect(readFileSync(csvFile, 'utf8')).not.toMatch(/bk_live_/); // keys by public id only

    const rows = parse(rest.join('\n'), { columns: true }) as Record<string, string>[];
    const ops = rows.find((r) => r.name === 'ops')!;
    expect(ops).toMatchObject({
      roles: 'admin',
      clearance: 'restricted',
      flags: 'role-changed privilege-escalation',
    });
    for (const r of rows) r.decision = 'keep';
    Object.assign(ops, { decision: 'downgrade', downgrade_roles: 'app', downgrade_clearance: 'internal' });
    writeFileSync(csvFile, `${header}\n${stringify(rows, { header: true })}`);

    const signed = await cli(['review', 'sign', '--report', csvFile, '--reviewer', 'Ana Auditor']);
    expect(signed.stdout).toMatch(/signed by Ana Auditor: 2 decisions applied, 0 skipped/);
    expect(signed.code).toBe(0);
    const storage = openSqliteStorage({ path: join(data, 'bulwark.db') });
    const keys = await storage.apiKeys.list();
    await storage.close();
    expect(keys.find((k) => k.name === 'ops')).toMatchObject({ role: 'app', clearance: 'internal' });
    await expect(cli(['review', 'sign', '--report', csvFile, '--reviewer', 'Ana Auditor'])).rejects.toThrow(
      /already been signed/,
    );

    const jsonFile = join(dir, 'soc2.json');
    await cli(['report', 'compliance', '--framework', 'soc2', '--out', jsonFile]);
    const soc2 = JSON.parse(readFileSync(jsonFile, 'utf8')) as {
      controls: {
        id: string;
        checks: { id: string; status: string; evidence: { item: string; value: string }[] }[];
      }[];
    };
    const checks = soc2.controls.flatMap((c) => c.checks);
    expect(checks.find((c) => c.id === 'access-review')).toMatchObject({ status: 'met' });
    expect(checks.find((c) => c.id === 'encryption')?.evidence).toContainEqual({
      item: 'root key source',
      value: 'data-dir',
    });
    expect(checks.find((c) => c.id === 'audit-integrity')).toMatchObject({ status: 'met' });
  });

  it('writes the Art. 30 record and HTML compliance evidence', async () => {
    const html = join(dir, 'processing.html');
    await cli(['report', 'processing', '--format', 'html', '--out', html]);
    expect(readFileSync(html, 'utf8')).toContain('Example GmbH');
    const gdpr = join(dir, 'gdpr.html');
    await cli(['report', 'compliance', '--framework', 'gdpr', '--format', 'html', '--out', gdpr]);
    expect(readFileSync(gdpr, 'utf8')).toMatch(/<h1>Compliance evidence: GDPR/);
  });

  it('lists what retention would purge, purges and audits it, and the log still verifies', async () => {
    const dry = await cli(['retention', 'run', '--dry-run']);
    expect(dry.stdout).toMatch(/^transcripts\s+30 d\s+before \S+\s+0 daily keys would go$/m);
    expect(dry.stdout).toMatch(/^conversations\s+7 d/m);
    expect(dry.stdout).toMatch(/^vault\s+1 d\s+not stored at rest/m);
    const run = await cli(['retention', 'run', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: false, auditId: expect.any(String) as string });
    const verify = await cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
  });

  it('names the flag when a period is malformed, and refuses compliance without a config file', async () => {
    await expect(cli(['report', 'access-review', '--since', 'last-quarter'])).rejects.toThrow(
      '--since must be a duration such as 90d',
    );
    await expect(
      (await buildProgram()).parseAsync([
        'node',
        'bulwark',
        'report',
        'processing',
        '--config',
        join(dir, 'missing.yaml'),
      ]),
    ).rejects.toThrow(/no configuration file/);
  });
});
