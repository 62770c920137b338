import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulwarkError } from '../core/index.js';
import { createClient } from './client.js';
import { runControls } from './controls.js';
import { engineDetector } from './detector.js';
import { createLlmJudgeGrader, defaultGraders, type Detector } from './graders/index.js';
import { openJournal } from './journal.js';
import { createPlant, DEFAULT_SYSTEM_PROMPT } from './plant.js';
import { planAttacks } from './plan.js';
import { probes as builtinProbes } from './probes/index.js';
import { createRandom } from './random.js';
import { diffRuns, formatDiff, type RunDiff } from './report/diff.js';
import { toHtml } from './report/html.js';
import { toJunit } from './report/junit.js';
import { toSarif } from './report/sarif.js';
import { failsAt, formatSummary, summarise, type RunReport } from './report/summary.js';
import type { AttemptRecord } from './runner.js';
import { runAttacks } from './runner.js';
import { strategies as builtinStrategies } from './strategies.js';
import type { Severity } from './types.js';

export interface RedteamOptions {
  /** Base URL of the OpenAI-compatible target, e.g. http://127.0.0.1:8000/v1. */
  target: string;
  model: string;
  apiKey?: string;
  /** The system prompt under test; planted data is appended to it. */
  systemPrompt?: string;
  concurrency?: number;
  /** Requests per second. */
  rate?: number;
  /** Where reports and the journal go; none → nothing is written. */
  outDir?: string;
  /** A previous run's report.json. */
  baseline?: string;
  failOn?: Severity;
  seed?: string;
  probes?: readonly string[];
  strategies?: readonly string[];
  perCategory?: number;
  /** Base prompts per probe (seeded sample) for quick runs; default all. */
  sample?: number;
  resume?: boolean;
  timeoutMs?: number;
  retries?: number;
  judge?: { url: string; model: string; apiKey?: string };
  /** Also send benign control requests to measure over-refusal. Default true. */
  controls?: boolean;
  detector?: Detector;
  onProgress?: (record: AttemptRecord, done: number, total: number) => void;
}

export interface RedteamResult {
  report: RunReport;
  diff?: RunDiff;
  /** True when `failOn` is set and a successful attack at or above it exists. */
  failed: boolean;
  /** The terminal summary. */
  text: string;
  files: string[];
}

/** The target URL without credentials, query or fragment, for reports. */
function publicUrl(target: string): string {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    throw new BulwarkError('VALIDATION_FAILED', { message: 'The target is not a valid URL.' });
  }
}

/** Runs a red-team scan against an OpenAI-compatible endpoint and writes its reports. */
export async function doRedteam(options: RedteamOptions): Promise<RedteamResult> {
  const url = publicUrl(options.target);
  const seed = options.seed ?? randomBytes(6).toString('hex');
  const detector = options.detector ?? engineDetector();
  const plant = createPlant(createRandom(`${seed}/plant`), options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT);
  const attacks = planAttacks({
    seed,
    plant,
    ...(options.probes ? { probes: options.probes } : {}),
    ...(options.strategies ? { strategies: options.strategies } : {}),
    ...(options.perCategory !== undefined ? { perCategory: options.perCategory } : {}),
    ...(options.sample !== undefined ? { sample: options.sample } : {}),
  });
  let baseline: RunReport | undefined;
  if (options.baseline) {
    try {
      baseline = JSON.parse(readFileSync(options.baseline, 'utf8')) as RunReport;
      if (baseline.tool !== 'bulwark-redteam' || !Array.isArray(baseline.attempts)) throw new Error('shape');
    } catch (error) {
      throw new BulwarkError('VALIDATION_FAILED', {
        message: 'The baseline is not a bulwark red-team report.',
        cause: error,
      });
    }
  }
  const clientOptions = {
    baseUrl: options.target,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
  };
  const graders = defaultGraders({ detector });
  if (options.judge) {
    const judgeClient = createClient({
      baseUrl: options.judge.url,
      ...(options.judge.apiKey ? { apiKey: options.judge.apiKey } : {}),
    });
    graders.push(createLlmJudgeGrader({ client: judgeClient, model: options.judge.model }));
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([seed, url, options.model, plant.systemPrompt, attacks.map((a) => a.id)]))
    .digest('hex');
  const journal = options.outDir
    ? openJournal(join(options.outDir, 'journal.jsonl'), fingerprint, options.resume ?? false)
    : undefined;
  const startedAt = new Date().toISOString();
  const client = createClient(clientOptions);
  const attempts = await runAttacks({
    client,
    model: options.model,
    plant,
    attacks,
    graders,
    detector,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.rate !== undefined ? { rate: options.rate } : {}),
    ...(journal ? { journal } : {}),
    ...(options.onProgress ? { onAttempt: options.onProgress } : {}),
  });
  const controls =
    options.controls === false
      ? undefined
      : await runControls({
          client,
          model: options.model,
          plant,
          ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
          ...(options.rate !== undefined ? { rate: options.rate } : {}),
        });
  const report: RunReport = {
    tool: 'bulwark-redteam',
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: { url, model: options.model },
    seed,
    probes: [...new Set(attacks.map((a) => a.probe))],
    strategies: [...new Set(attacks.map((a) => a.strategy))],
    summary: summarise(attempts),
    ...(controls ? { controls } : {}),
    attempts,
  };
  const diff = baseline ? diffRuns(baseline, report) : undefined;
  const files: string[] = [];
  if (options.outDir) {
    mkdirSync(options.outDir, { recursive: true });
    const write = (name: string, body: string) => {
      const path = join(options.outDir!, name);
      writeFileSync(path, body);
      files.push(path);
    };
    write('report.json', JSON.stringify(report, null, 2) + '\n');
    write('report.html', toHtml(report, diff));
    write('junit.xml', toJunit(report));
    write('report.sarif', JSON.stringify(toSarif(report), null, 2) + '\n');
    if (diff) write('diff.json', JSON.stringify(diff, null, 2) + '\n');
  }
  const text = [formatSummary(report), ...(diff ? [formatDiff(diff)] : [])].join('\n');
  return {
    report,
    ...(diff ? { diff } : {}),
    failed: options.failOn !== undefined && failsAt(report.summary, options.failOn),
    text,
    files,
  };
}

/** Descriptors of every probe and strategy, for listing. */
export function listRedteam(): {
  probes: { id: string; category: string; severity: string; size: number; description: string }[];
  strategies: { id: string; description: string }[];
} {
  return {
    probes: builtinProbes.map(({ id, category, severity, size, description }) => ({
      id,
      category,
      severity,
      size,
      description,
    })),
    strategies: builtinStrategies.map(({ id, description }) => ({ id, description })),
  };
}
