import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scanner } from '../engine.js';
import { evaluateSpans, PRESIDIO_SYNTH, type SpanEvalResult } from './pii.js';
import { evaluateCases, RECOGNIZER_CASES, type CasesEvalResult } from './recognizer-cases.js';
import { piiMarkdown, secretsMarkdown } from './report.js';
import { evaluateSecrets, GITLEAKS_EXAMPLES, type SecretsEvalResult } from './secrets.js';

export interface EvalOptions {
  /** The shared datasets directory (holding pii/ and secrets/). */
  datasets: string;
  /** Where the JSON and Markdown reports go. */
  reports: string;
  scanner: Scanner;
  /** Ids of the recognisers the scanner runs, for the report. */
  recognizers: readonly string[];
}

export interface PiiEvalResult {
  test: SpanEvalResult;
  dev: SpanEvalResult;
  cases: CasesEvalResult;
  markdown: string;
}

/** Evaluates PII detection and writes reports/eval-pii.json and .md. */
export async function runPiiEval(options: EvalOptions): Promise<PiiEvalResult> {
  const test = await evaluateSpans(join(options.datasets, PRESIDIO_SYNTH.test), options.scanner);
  const dev = await evaluateSpans(join(options.datasets, PRESIDIO_SYNTH.dev), options.scanner);
  const cases = await evaluateCases(join(options.datasets, RECOGNIZER_CASES), options.scanner);
  const markdown = piiMarkdown(test, dev, cases, options.recognizers);
  await write(options.reports, 'eval-pii', { recognizers: options.recognizers, test, dev, cases }, markdown);
  return { test, dev, cases, markdown };
}

/** Evaluates secret detection and writes reports/eval-secrets.json and .md. */
export async function runSecretsEval(
  options: EvalOptions,
): Promise<SecretsEvalResult & { markdown: string }> {
  const result = await evaluateSecrets(join(options.datasets, GITLEAKS_EXAMPLES), options.scanner);
  const markdown = secretsMarkdown(result, options.recognizers);
  await write(options.reports, 'eval-secrets', { recognizers: options.recognizers, ...result }, markdown);
  return { ...result, markdown };
}

async function write(dir: string, name: string, json: unknown, markdown: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), JSON.stringify(json, null, 2) + '\n');
  await writeFile(join(dir, `${name}.md`), markdown);
}
