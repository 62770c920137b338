import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digestOf, loadSanitizePolicy, sanitizePolicySchema, type SanitizePolicy } from './policy.js';
import { sanitizeFile } from './sanitize-file.js';

const KEY = 'k'.repeat(32);
const ANA = 'ana.lopez@example.org';
const BO = 'bo.berg@example.net';
const CARD = '4111 1111 1111 1111';

function dataset(): { dir: string; input: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-sanitize-'));
  const rows = [
    { id: 1, text: `Hi, this is ${ANA}, my order is late.`, internal_notes: 'vip' },
    { id: 2, text: `Reply to ${BO} and copy ${ANA} please.`, internal_notes: 'n/a' },
    { id: 3, text: `My card ${CARD} was charged twice.` },
    { id: 4, text: 'Where can I change my delivery address?' },
  ];
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { dir, input };
}

const policy = (extra: Partial<SanitizePolicy> = {}): SanitizePolicy =>
  sanitizePolicySchema.parse({
    keep_fields: ['id', 'text'],
    rules: [
      { types: ['EMAIL'], action: 'pseudonymize' },
      { level: 'restricted', action: 'drop_record' },
    ],
    ...extra,
  });

const rows = (path: string): { id: number; text: string; internal_notes?: string }[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: number; text: string });

describe('sanitizeFile', () => {
  it('minimises, pseudonymises consistently, drops restricted records and proves it by re-scanning', async () => {
    const { dir, input } = dataset();
    const out = join(dir, 'out.jsonl');
    const p = policy();
    const manifest = await sanitizeFile({
      input,
      out,
      policy: p,
      policyDigest: digestOf(p),
      key: KEY,
      workers: 0,
    });
    const result = rows(out);
    expect(result.map((r) => r.id)).toEqual([1, 2, 4]);
    expect(result.every((r) => r.internal_notes === undefined)).toBe(true);
    const text = result.map((r) => r.text).join('\n');
    expect(text).not.toContain(ANA);
    expect(text).not.toContain(BO);
    const anaPseudonym = /this is (\S+),/.exec(result[0]!.text)![1]!;
    expect(result[1]!.text).toContain(`copy ${anaPseudonym} please`);
    expect(manifest.operations).toEqual({ pseudonymize: { EMAIL: 3 }, drop_record: { CREDIT_CARD: 1 } });
    expect(manifest.dropped).toEqual({ records: 1, fields: 0 });
    expect(manifest.input.records).toBe(4);
    expect(manifest.output.records).toBe(3);
    expect(manifest.output.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.residual.leftover).toEqual({});
    expect(JSON.stringify(manifest)).not.toContain('example.org');
  });

  it('gives the same pseudonyms across runs with the same key and different ones with another key', async () => {
    const { dir, input } = dataset();
    const p = policy();
    const run = async (name: string, key: string) => {
      await sanitizeFile({
        input,
        out: join(dir, name),
        policy: p,
        policyDigest: digestOf(p),
        key,
        workers: 0,
      });
      return readFileSync(join(dir, name), 'utf8');
    };
    const [a, b, c] = [
      await run('a.jsonl', KEY),
      await run('b.jsonl', KEY),
      await run('c.jsonl', 'z'.repeat(32)),
    ];
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('drops only the field when the policy says so, and counts a leftover the policy keeps', async () => {
    const { dir, input } = dataset();
    const out = join(dir, 'out.jsonl');
    const p = policy({
      rules: [
        { types: ['EMAIL'], action: 'drop_field' },
        { types: ['CREDIT_CARD'], action: 'keep' },
      ],
    });
    const manifest = await sanitizeFile({
      input,
      out,
      policy: p,
      policyDigest: digestOf(p),
      key: KEY,
      workers: 0,
    });
    expect(rows(out).map((r) => r.text === undefined)).toEqual([true, true, false, false]);
    expect(manifest.dropped.fields).toBe(2);
    expect(manifest.residual.leftover).toEqual({ CREDIT_CARD: 1 });
    expect(manifest.residual.recordsWithLeftover).toBe(1);
  });

  it('fails closed without a key for pseudonymize, leaving no output', async () => {
    const { dir, input } = dataset();
    const p = policy();
    await expect(
      sanitizeFile({ input, out: join(dir, 'o.jsonl'), policy: p, policyDigest: '', workers: 0 }),
    ).rejects.toThrow();
    expect(existsSync(join(dir, 'o.jsonl'))).toBe(false);
  });

  it('rejects an invalid policy file with the path of the problem and its line for YAML errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-policy-'));
    writeFileSync(join(dir, 'p.yaml'), 'rules:\n  - types: [EMAIL]\n    action: scramble\n');
    expect(() => loadSanitizePolicy(join(dir, 'p.yaml'))).toThrow(/rules\.0\.action/);
    writeFileSync(join(dir, 'q.yaml'), 'rules: [\n');
    expect(() => loadSanitizePolicy(join(dir, 'q.yaml'))).toThrow(/q\.yaml:\d+: invalid YAML/);
  });

  it('writes OUT.gz gzip-compressed and re-scans what is really in it, leaving no side file', async () => {
    const { dir, input } = dataset();
    const out = join(dir, 'out.jsonl.gz');
    const p = policy();
    const manifest = await sanitizeFile({
      input,
      out,
      policy: p,
      policyDigest: digestOf(p),
      key: KEY,
      workers: 0,
    });
    const lines = gunzipSync(readFileSync(out)).toString('utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([1, 2, 4]);
    // The re-scan read the compressed output: it found our three pseudonymised e-mails in it.
    expect(manifest.residual.replacements.EMAIL).toBe(3);
    expect(manifest.residual).toMatchObject({ leftover: {}, recordsWithLeftover: 0, unmatchedRecords: 0 });
    expect(readdirSync(dir).sort()).toEqual(['in.jsonl', 'out.jsonl.gz']);
  });

  it('drops a line of text when its only field is to be dropped, instead of writing it unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-sanitize-text-'));
    const input = join(dir, 'in.txt');
    writeFileSync(input, `write to ${ANA} today\nnothing here\n`);
    const p = sanitizePolicySchema.parse({ rules: [{ types: ['EMAIL'], action: 'drop_field' }] });
    const out = join(dir, 'out.txt');
    const manifest = await sanitizeFile({ input, out, policy: p, policyDigest: digestOf(p), workers: 0 });
    expect(readFileSync(out, 'utf8')).toBe('nothing here\n');
    expect(manifest.dropped.records).toBe(1);
    expect(manifest.residual.leftover).toEqual({});
  });

  it('keeps the records read before a JSON array breaks, and counts what was not read; --on-error fail writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-sanitize-json-'));
    const input = join(dir, 'in.json');
    writeFileSync(input, `[{"text":"mail ${ANA}"},\n{"text":"ok"},\n{"text": oops},\n{"text":"never"}]\n`);
    const p = policy({ keep_fields: ['text'] });
    const run = (out: string, onError: 'skip' | 'fail') =>
      sanitizeFile({ input, out, policy: p, policyDigest: digestOf(p), key: KEY, workers: 0, onError });
    const manifest = await run(join(dir, 'out.json'), 'skip');
    const written = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { text: string }[];
    expect(written.map((r) => r.text)).toEqual([expect.not.stringContaining(ANA), 'ok']);
    expect(manifest.issues).toMatchObject([{ position: 3, message: 'malformed JSON', fatal: true }]);
    expect(manifest.issueCounts).toMatchObject({ incompleteFiles: 1, unreadLines: 2 });
    await expect(run(join(dir, 'fail.json'), 'fail')).rejects.toThrow(/in\.json:3: malformed JSON/);
    expect(existsSync(join(dir, 'fail.json'))).toBe(false);
  });
});
