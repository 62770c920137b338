import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Lib from '../../src/index.js';

const DIST = resolve(import.meta.dirname, '..', '..', 'dist');
const BIN = resolve(DIST, 'cli', 'bin.js');
const built =
  existsSync(resolve(DIST, 'cli', 'detect.js')) && existsSync(resolve(DIST, 'transform', 'index.js'));
if (!built) console.warn('[cli-detect e2e] skipped: dist/ has no detect command; run `npm run build` first');

/** Runs the built CLI with Node 24 (the runtime vitest itself runs on), feeding `input` on stdin. */
function run(
  args: string[],
  input: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const email = ['ana', 'corp.example'].join('@');
const input = [
  JSON.stringify({ id: 'r1', text: `write to ${email} today` }),
  `{"id": "r2", "text": "${email}"`, // malformed: truncated
  JSON.stringify({ id: 'r3', text: 'nothing here' }),
].join('\n');

describe.skipIf(!built)('bulwark detect / redact (built CLI)', () => {
  it('detects per record, names the malformed line without its content, and exits 1', async () => {
    const { code, stdout, stderr } = await run(['detect', '-'], input);
    expect(code).toBe(1);
    expect(stderr).toContain('line 2: not valid JSON');
    expect(stderr).not.toContain(email);
    const records = stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            level: string;
            findings: { type: string; start: number; end: number }[];
          },
      );
    expect(records.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(records[0]!.findings).toContainEqual(
      expect.objectContaining({ type: 'EMAIL', start: 9, end: 9 + email.length }),
    );
    expect(records[0]!.level).not.toBe('public');
    expect(records[1]!.findings).toEqual([]);
  });

  it('pseudonymises with a key from the environment, and refuses to start without it', async () => {
    const key = 'k'.repeat(32);
    const pseudo = await run(
      ['redact', '--operator', 'pseudonymize', '--key-env', 'E2E_KEY', '--types', 'EMAIL'],
      input,
      { E2E_KEY: key },
    );
    expect(pseudo.stdout).toMatch(/write to user_[0-9a-f]{8}@example\.invalid today/);
    expect(pseudo.stdout).not.toContain(email);
    const missing = await run(['redact', '--operator', 'hash', '--key-env', 'E2E_UNSET_KEY'], input);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('E2E_UNSET_KEY is not set');
  });

  it('exposes scan, classify and anonymize from the built package', async () => {
    const lib = (await import(pathToFileURL(resolve(DIST, 'index.js')).href)) as typeof Lib;
    const text = `mail ${email}`;
    const findings = lib.scan(text, { types: ['EMAIL'] });
    expect(lib.classify(findings)).not.toBe('public');
    expect(lib.anonymize(text, findings).text).toBe('mail [EMAIL]');
  });
});
