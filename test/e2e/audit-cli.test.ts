import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { merkle } from '../../src/audit/index.js';
import { buildProgram } from '../../src/cli/main.js';
import { openSqliteStorage } from '../../src/storage/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `bulwark …` in this process (the same program the binary builds), capturing its output: spawning
 * a CLI per call would spend seconds transpiling every command.
 */
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
    await (await buildProgram()).parseAsync(['node', 'bulwark', ...args, '--data-dir', dir]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    if (previous !== undefined) process.env.BULWARK_ROOT_KEY = previous;
    log.mockRestore();
    error.mockRestore();
  }
}

// A writer that appends durable records as fast as it can and prints each acknowledged id.
const WRITER = `
import { openRuntime } from ${JSON.stringify(join(ROOT, 'src/gateway/runtime.ts'))};
import { openAuditLog } from ${JSON.stringify(join(ROOT, 'src/audit/index.ts'))};
const runtime = await openRuntime({ dataDir: process.argv[2] });
const log = await openAuditLog({ store: runtime.storage.audit, keyRing: runtime.keyRing, checkpointEvery: 16 });
const worker = async (w) => {
  for (let i = 0; ; i++) {
    const r = await log.append({ kind: 'request', requestId: 'w' + w + '-' + i, tenant: 'acme', status: 200, prompt: 'hello ' + i });
    process.stdout.write(r.id + '\\n');
  }
};
await Promise.all([0, 1, 2, 3].map(worker));
`;

describe('bulwark audit (CLI, SQLite)', () => {
  it('keeps every acknowledged record through a SIGKILL under load, and the log still verifies', async () => {
    const script = join(dir, 'writer.mts'); // .mts: an ES module wherever it lies
    writeFileSync(script, WRITER);
    const acked: string[] = [];
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
        cwd: ROOT,
        env: { ...process.env, BULWARK_ROOT_KEY: '' },
      });
      let buffer = '';
      child.stdout.on('data', (c: Buffer) => {
        buffer += c.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        acked.push(...lines);
        if (acked.length >= 200 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('error', fail);
      child.on('close', (_code, signal) =>
        signal === 'SIGKILL' ? done() : fail(new Error(`writer exited without SIGKILL`)),
      );
    });
    expect(acked.length).toBeGreaterThanOrEqual(200);
    const storage = openSqliteStorage({ path: join(dir, 'bulwark.db') });
    try {
      for (const id of acked) expect(await storage.audit.getById(id), id).toBeDefined();
    } finally {
      await storage.close();
    }
    const verify = await cli(['audit', 'verify']);
    expect(verify.stdout).toMatch(/audit log OK: records 0\.\.\d+ \(\d+\), \d+ signed checkpoints matched/);
    expect(verify.code).toBe(0);
  });

  it('prints inclusion proofs that check against the signed root, and exports JSONL', async () => {
    expect((await cli(['audit', 'checkpoint'])).stdout).toMatch(/checkpoint at size \d+/);
    const proof = JSON.parse((await cli(['audit', 'prove', '42'])).stdout) as {
      seq: number;
      treeSize: number;
      leafHash: string;
      rootHash: string;
      path: string[];
    };
    const hex = (h: string) => Buffer.from(h, 'hex');
    expect(proof.seq).toBe(42);
    expect(
      merkle.verifyInclusion(
        42,
        proof.treeSize,
        hex(proof.leafHash),
        proof.path.map(hex),
        hex(proof.rootHash),
      ),
    ).toBe(true);

    const out = join(dir, 'export.jsonl');
    const exported = await cli([
      'audit',
      'export',
      '--since',
      '2000-01-01',
      '--format',
      'jsonl',
      '--out',
      out,
    ]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]?.type).toBe('header');
    expect(lines.filter((l) => l.type === 'record').length).toBeGreaterThanOrEqual(200);
    expect(readFileSync(out, 'utf8')).not.toContain('hello 1'); // prompts only as keyed digests
  });

  it('rotates the root key without breaking decryption or verification', async () => {
    const rotated = await cli(['keys', 'rotate-root']);
    expect(rotated.stdout).toMatch(/root key rotated: rk_\w+ → rk_\w+; \d+ data keys re-wrapped/);
    const verify = await cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
  });

  it('erases a subject with an audited record, and the log still verifies', async () => {
    const out = join(dir, 'subject.json');
    expect(
      (await cli(['subject', 'export', '--subject', 'user-42', '--tenant', 'acme', '--out', out])).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      format: 'bulwark-subject-export/v1',
      subject: 'user-42',
    });
    const erased = await cli(['erase', '--subject', 'user-42', '--tenant', 'acme', '--actor', 'dpo']);
    expect(erased.stdout).toMatch(
      /erased: 0 conversations deleted, data key not present; audit record [0-9a-f-]{36}/,
    );
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });

  it('fails verification and names the position when a record is edited on disk', async () => {
    const raw = new DatabaseSync(join(dir, 'bulwark.db'));
    raw
      .prepare(`UPDATE audit_entries SET body = replace(body, '"status":200', '"status":201') WHERE seq = 17`)
      .run();
    raw.close();
    const verify = await cli(['audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('position 17 (edited)');
  });
});
