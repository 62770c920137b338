import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtCli, runCli } from './helpers/cli.js';

const built = builtCli('datasets e2e');
const email = (name: string): string => `${name}@${['support', 'example'].join('.')}`;
const card = ['4111', '1111', '1111', '1111'].join(' ');

function tickets(dir: string): string {
  const rows = [
    { id: 1, text: `Hello, ${email('ana.lopez')} here, my parcel is late.` },
    { id: 2, text: `Hello, ${email('ana.lopez')} here, my parcel is late.` },
    { id: 3, text: `Please refund card ${card}.` },
    { id: 4, text: 'How do I change my delivery address?' },
  ];
  const path = join(dir, 'tickets.jsonl');
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n{"id": 5, "text": \n');
  return path;
}

describe.skipIf(!built)('dataset pipeline through the built CLI', () => {
  it('scan reports by type and level, writes JSON and HTML without raw values, and --fail-on gates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-ds-'));
    const input = tickets(dir);
    // Default workers (one per core): the real multi-threaded path, progress callback included.
    const r = await runCli([
      'scan',
      input,
      '--report',
      join(dir, 'r.json'),
      '--html',
      join(dir, 'r.html'),
      '--fail-on',
      'restricted',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tickets.jsonl:5: malformed JSON');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      byType: Record<string, number>;
      maxLevel: string;
    };
    expect(report.byType).toMatchObject({ EMAIL: 2, CREDIT_CARD: 1 });
    expect(report.maxLevel).toBe('restricted');
    for (const file of ['r.json', 'r.html']) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toContain('ana.lopez@');
      expect(text).not.toContain(card);
    }
    expect(
      (await runCli(['scan', input, '--workers', '0', '--fail-on', 'restricted', '--types', 'EMAIL'])).code,
    ).toBe(0);
  });

  it('sanitize, then dedup, then canary insert chain on one dataset and data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-ds-'));
    const input = tickets(dir);
    writeFileSync(
      join(dir, 'policy.yaml'),
      'key_env: TEST_SANITIZE_KEY\nrules:\n  - types: [EMAIL]\n    action: pseudonymize\n  - level: restricted\n    action: drop_record\n',
    );
    const env = { TEST_SANITIZE_KEY: 'a-test-key-of-sufficient-length-0001' };
    const clean = join(dir, 'clean.jsonl');
    const s = await runCli(
      ['sanitize', input, '--out', clean, '--policy', join(dir, 'policy.yaml'), '--workers', '2'],
      { env },
    );
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('nothing left over');
    const manifest = JSON.parse(readFileSync(`${clean}.manifest.json`, 'utf8')) as {
      output: { records: number };
    };
    expect(manifest.output.records).toBe(3);
    expect(readFileSync(clean, 'utf8')).not.toContain('ana.lopez@');

    const deduped = join(dir, 'dedup.jsonl');
    const d = await runCli(['dedup', clean, '--out', deduped]);
    expect(d.stdout).toMatch(/3 records: kept 2, removed 1 exact/);

    const data = join(dir, 'data');
    const c = await runCli([
      'canary',
      'insert',
      deduped,
      '--out',
      join(dir, 'final.jsonl'),
      '--count',
      '2',
      '--repeat',
      '2',
      '-d',
      data,
    ]);
    expect(c.code).toBe(0);
    const list = await runCli(['canary', 'list', '-d', data]);
    expect(list.stdout).toContain('digits:9');
    const exported = join(dir, 'canaries.jsonl');
    await runCli(['canary', 'export', '-d', data, '--out', exported]);
    const secrets = readFileSync(exported, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { secret: string }).secret);
    const final = readFileSync(join(dir, 'final.jsonl'), 'utf8');
    for (const secret of secrets) {
      expect(final.split(secret).length - 1).toBe(2);
      expect(list.stdout).not.toContain(secret);
    }
  });

  it("scan keeps a broken JSON array's first elements and says what it could not read", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-ds-'));
    const input = join(dir, 'tickets.json');
    writeFileSync(input, `[{"text":"${email('ana.lopez')}"},\n{"text": oops},\n{"text":"late"}]\n`);
    const r = await runCli(['scan', input, '--workers', '0', '--report', join(dir, 'r.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('tickets.json:2: malformed JSON (fatal: 2 lines');
    expect(r.stderr).toContain('1 file not read to the end (2 lines not read)');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      records: number;
      byType: Record<string, number>;
      issueCounts: { incompleteFiles: number; unreadLines: number };
    };
    expect(report).toMatchObject({ records: 1, byType: { EMAIL: 1 } });
    expect(report.issueCounts).toMatchObject({ incompleteFiles: 1, unreadLines: 2 });
  });

  it('canary insert takes --format and --on-error, writes .gz output, and records the canaries first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-ds-'));
    const input = join(dir, 'tickets.data');
    const rows = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify(i % 3 ? { id: i } : { id: i, text: `t${i}` }),
    );
    writeFileSync(input, rows.join('\n') + '\n{"id": broken\n');
    const data = join(dir, 'data');
    const out = join(dir, 'final.jsonl.gz');
    const args = ['canary', 'insert', input, '--out', out, '--count', '2', '--repeat', '3', '-d', data];
    const failed = await runCli([...args, '--format', 'jsonl', '--on-error', 'fail']);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('tickets.data:13');
    expect((await runCli(['canary', 'list', '-d', data])).stdout).toContain('no canaries stored');

    const c = await runCli([...args, '--format', 'jsonl']);
    expect(c.code).toBe(0);
    expect(c.stderr).toContain('tickets.data:13: malformed JSON (skipped)');
    const exported = join(dir, 'canaries.jsonl');
    await runCli(['canary', 'export', '-d', data, '--out', exported]);
    const secrets = readFileSync(exported, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { secret: string; repeat: number });
    const final = gunzipSync(readFileSync(out)).toString('utf8');
    expect(secrets).toHaveLength(2);
    for (const { secret, repeat } of secrets) expect(final.split(secret).length - 1).toBe(repeat);
    expect(secrets.reduce((n, s) => n + s.repeat, 0)).toBe(6);
  });
});
