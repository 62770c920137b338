import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import type { MemorizationAuditResult } from '../../src/privacy/index.js';
import { startMemorizingModel } from '../../src/testing/fake-models/memorizing.js';
import type { FakeServer } from '../../src/testing/fake-models/server.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
// Secrets drawn at test time.
const digits = () => Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('');
const kept = { id: 'kept', prefix: 'my locker code is ', secret: digits(), format: 'digits:9' };
const clean = { id: 'clean', prefix: 'the parcel number is ', secret: digits(), format: 'digits:9' };
let model: FakeServer;

beforeAll(async () => {
  model = await startMemorizingModel({ memorised: [kept] });
  writeFileSync(join(dir, 'canaries.jsonl'), [kept, clean].map((c) => JSON.stringify(c)).join('\n') + '\n');
});
afterAll(async () => {
  await model?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ printed: string; exitCode: number | undefined }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await (await buildProgram()).parseAsync(['audit-model', ...args], { from: 'user' });
    return {
      printed: log.mock.calls.map((c) => String(c[0])).join('\n'),
      exitCode: process.exitCode as number | undefined,
    };
  } finally {
    log.mockRestore();
    process.exitCode = undefined;
  }
}

describe('bulwark audit-model', () => {
  it('measures exposure over HTTP log-probabilities and fails the gate on the memorised canary only', async () => {
    const report = join(dir, 'audit.json');
    const { printed, exitCode } = await run([
      '--target',
      model.url,
      '--model',
      'fake',
      '--canaries',
      join(dir, 'canaries.jsonl'),
      '--max-exposure',
      '8',
      '--samples',
      '5',
      '--report',
      report,
    ]);
    expect(exitCode).toBe(1);
    expect(printed).toContain('1000 reference fillings');
    expect(printed).toMatch(/FAIL: 1 canary above 8 bits/);
    expect(printed).not.toContain(kept.secret);
    const result = JSON.parse(readFileSync(report, 'utf8')) as MemorizationAuditResult;
    const [k, c] = result.canaries;
    expect(k!.exceeded).toBe(true);
    expect(k!.exposure!.rank).toBeGreaterThan(9.9);
    expect(c!.exceeded).toBe(false);
    expect(model.hits.get('/completions')).toBeLessThan(200); // log-probs batched, not 2,002 requests
  });

  it('passes the gate when set above the exposure, and rejects fewer than 1,000 references', async () => {
    const ok = await run([
      '--target',
      model.url,
      '--model',
      'fake',
      '--canaries',
      join(dir, 'canaries.jsonl'),
      '--max-exposure',
      '40',
      '--samples',
      '0',
    ]);
    expect(ok.exitCode).toBeUndefined();
    expect(ok.printed).toContain('PASS');
    const program = (await buildProgram()).exitOverride().configureOutput({ writeErr: () => undefined });
    program.commands.find((c) => c.name() === 'audit-model')!.exitOverride();
    await expect(
      program.parseAsync(
        ['audit-model', '--target', model.url, '--model', 'fake', '--canaries', 'x', '--references', '10'],
        { from: 'user' },
      ),
    ).rejects.toThrow(/≥ 1000/);
  });
});
