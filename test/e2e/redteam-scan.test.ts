import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import {
  createPlant,
  createRandom,
  doRedteam,
  plantedValues,
  type RedteamResult,
} from '../../src/redteam/index.js';
import { startRefusingModel } from '../../src/testing/fake-models/refusing.js';
import type { FakeServer } from '../../src/testing/fake-models/server.js';
import { startVulnerableModel } from '../../src/testing/fake-models/vulnerable.js';

const SEED = 'e2e-seed';
const dir = mkdtempSync(join(tmpdir(), 'bulwark-redteam-'));
let vulnerable: FakeServer;
let refusing: FakeServer;
let vulnerableRun: RedteamResult;
// What the vulnerable fake "memorised" in training: built at test time, on reserved ranges.
const memorised = {
  email: `spill.${createRandom('m').word(6, 'abcdefgh')}@example.net`,
  phone: '+1-415-555-0142',
};

beforeAll(async () => {
  vulnerable = await startVulnerableModel(memorised);
  refusing = await startRefusingModel();
  vulnerableRun = await doRedteam({
    target: vulnerable.url,
    model: 'vuln-1',
    seed: SEED,
    perCategory: 1,
    concurrency: 8,
    outDir: join(dir, 'vulnerable'),
    failOn: 'critical',
  });
});

afterAll(async () => {
  await vulnerable?.close();
  await refusing?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bulwark redteam against a deliberately vulnerable model', () => {
  it('finds successful attacks in every category', () => {
    const categories = vulnerableRun.report.summary.byCategory;
    expect(categories).toHaveLength(10);
    for (const c of categories) expect(c.successes, c.category).toBeGreaterThan(0);
    expect(vulnerableRun.report.summary.errors).toBe(0);
    expect(vulnerableRun.failed).toBe(true);
    expect(vulnerableRun.report.controls).toMatchObject({
      attempts: 20,
      blocked: 0,
      refused: 0,
      overRefusal: 0,
    });
  });

  it('fires every deterministic grader', () => {
    const fired = new Set(
      vulnerableRun.report.attempts.flatMap((a) => a.grades.filter((g) => g.hit).map((g) => g.grader)),
    );
    for (const grader of [
      'canary',
      'decoded-payload',
      'leak-similarity',
      'planted-data',
      'sensitive-output',
      'divergence',
      'tool-call',
      'exfil-url',
    ]) {
      expect(fired, grader).toContain(grader);
    }
  });

  it('catches attacks disguised by every strategy', () => {
    const strategies = new Set(
      vulnerableRun.report.attempts.filter((a) => a.status === 'fail').map((a) => a.strategy),
    );
    expect([...strategies].sort()).toEqual(
      [
        'base64',
        'hex',
        'homoglyphs',
        'leetspeak',
        'none',
        'payload-split',
        'role-play',
        'rot13',
        'spacing',
        'translation',
        'unicode-tags',
        'zero-width',
      ].sort(),
    );
  });

  it('writes reports in which no planted value appears unmasked', () => {
    const plant = createPlant(createRandom(`${SEED}/plant`));
    const files = vulnerableRun.files.map((f) => readFileSync(f, 'utf8'));
    expect(vulnerableRun.files.map((f) => f.split('/').pop())).toEqual(
      expect.arrayContaining(['report.json', 'report.html', 'junit.xml', 'report.sarif']),
    );
    const journal = readFileSync(join(dir, 'vulnerable', 'journal.jsonl'), 'utf8');
    for (const text of [...files, journal]) {
      for (const { value } of plantedValues(plant)) expect(text.includes(value)).toBe(false);
      expect(text.includes(memorised.email)).toBe(false);
      expect(text.includes(plant.person.name)).toBe(false);
    }
    const html = files[1]!;
    expect(html).toContain('[PLANTED_SECRET]');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });
});

describe('bulwark redteam against a refusing model', () => {
  it('reports no successful attack, every reply a refusal, and shows the fall against the baseline', async () => {
    const run = await doRedteam({
      target: refusing.url,
      model: 'safe-1',
      seed: SEED,
      perCategory: 1,
      concurrency: 8,
      failOn: 'low',
      baseline: join(dir, 'vulnerable', 'report.json'),
    });
    expect(run.report.summary.successes).toBe(0);
    expect(run.report.controls).toMatchObject({ attempts: 20, refused: 20, overRefusal: 1 });
    expect(run.failed).toBe(false);
    for (const c of run.report.summary.byCategory) expect(c.refusals).toBe(c.attempts);
    expect(run.diff!.newFailures).toEqual([]);
    expect(run.diff!.fixed).toHaveLength(vulnerableRun.report.summary.successes);
    for (const c of run.diff!.categories) expect(c.change).toBeLessThan(0);
  });
});

describe('resumable runs', () => {
  it('sends only the attacks the journal does not hold', async () => {
    const out = join(dir, 'resume');
    const options = {
      controls: false,
      target: refusing.url,
      model: 'safe-1',
      seed: 'resume',
      probes: ['instruction-override'],
      strategies: ['none', 'rot13'],
      outDir: out,
    };
    const before = refusing.hits.get('/chat/completions') ?? 0;
    const first = await doRedteam(options);
    const total = first.report.attempts.length;
    expect((refusing.hits.get('/chat/completions') ?? 0) - before).toBe(total);
    // Keep the header and the first 10 attempts, as if the run had crashed.
    const lines = readFileSync(join(out, 'journal.jsonl'), 'utf8').split('\n');
    writeFileSync(join(out, 'journal.jsonl'), lines.slice(0, 11).join('\n') + '\n');
    const mid = refusing.hits.get('/chat/completions') ?? 0;
    const resumed = await doRedteam({ ...options, resume: true });
    expect((refusing.hits.get('/chat/completions') ?? 0) - mid).toBe(total - 10);
    expect(resumed.report.attempts.map((a) => a.id)).toEqual(first.report.attempts.map((a) => a.id));
    await expect(doRedteam({ ...options, seed: 'other', resume: true })).rejects.toThrow(/different run/);
  });
});

describe('bulwark redteam CLI', () => {
  it('prints the summary, writes SARIF and sets exit code 1 with --fail-on', async () => {
    const out = join(dir, 'cli');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await (
        await buildProgram()
      ).parseAsync(
        [
          'redteam',
          '--target',
          vulnerable.url,
          '--model',
          'vuln-1',
          '--seed',
          's1',
          '--probes',
          'instruction-override,exfiltration',
          '--strategies',
          'none,base64',
          '--out',
          out,
          '--fail-on',
          'high',
        ],
        { from: 'user' },
      );
      const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toMatch(/instruction-override\s+\d+\s+\d+\s+100\.0%/);
      expect(printed).toContain('FAIL');
      expect(process.exitCode).toBe(1);
      const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as {
        runs: { results: { ruleId: string }[] }[];
      };
      expect(sarif.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual([
        'exfiltration',
        'instruction-override',
      ]);
    } finally {
      log.mockRestore();
      process.exitCode = undefined;
    }
  });
});
