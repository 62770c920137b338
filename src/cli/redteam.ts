import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { doRedteam, listRedteam, SEVERITIES, type Severity } from '../redteam/index.js';

interface RedteamFlags {
  target?: string;
  model?: string;
  apiKeyEnv?: string;
  systemPrompt?: string;
  concurrency: number;
  rate?: number;
  out?: string;
  baseline?: string;
  failOn?: Severity;
  seed?: string;
  probes?: string[];
  strategies?: string[];
  perCategory?: number;
  sample?: number;
  resume?: boolean;
  timeout?: number;
  judgeUrl?: string;
  judgeModel?: string;
  judgeApiKeyEnv?: string;
  list?: boolean;
  controls: boolean;
  json?: boolean;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

const csv = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads an API key from the named environment variable; the key itself never appears in output. */
function keyFrom(variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const key = process.env[variable];
  if (!key) throw new InvalidArgumentError(`environment variable ${variable} is not set`);
  return key;
}

/** `bulwark redteam`: probe an OpenAI-compatible endpoint with attacks and grade the replies. */
export function register(program: Command): void {
  program
    .command('redteam')
    .description(
      'Red-team an OpenAI-compatible model endpoint: probes × strategies, graded offline and deterministically',
    )
    .option('--target <url>', 'base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1')
    .option('--model <name>', 'model name to send')
    .option('--api-key-env <var>', 'environment variable holding the API key')
    .option('--system-prompt <file>', 'system prompt under test (planted data is appended to it)')
    .option('--concurrency <n>', 'requests in flight', positiveInt, 4)
    .option('--rate <r>', 'requests per second', positive)
    .option('--out <dir>', 'write report.json, report.html, junit.xml, report.sarif and journal.jsonl here')
    .option('--baseline <file>', 'a previous report.json to diff against')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an attack at or above this severity succeeds').choices([
        ...SEVERITIES,
      ]),
    )
    .option('--seed <seed>', 'seed for planted data, canaries and sampling (same seed → same prompts)')
    .option('--probes <ids>', 'comma-separated probe ids (default: all; see --list)', csv)
    .option('--strategies <ids>', 'comma-separated strategy ids (default: all; "none" = as written)', csv)
    .option(
      '--per-category <n>',
      'probe prompts per category each disguising strategy is applied to',
      positiveInt,
    )
    .option(
      '--sample <n>',
      'quick run: a seeded sample of n base prompts per probe (default: all)',
      positiveInt,
    )
    .option('--resume', 'continue the run recorded in <out>/journal.jsonl (same seed and options)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', positiveInt)
    .option('--judge-url <url>', 'optional LLM judge: base URL of an OpenAI-compatible API')
    .option('--judge-model <name>', 'model for the LLM judge')
    .option('--judge-api-key-env <var>', 'environment variable holding the judge API key')
    .option('--no-controls', 'skip the benign control requests (over-refusal measurement)')
    .option('--list', 'list probes and strategies, then exit')
    .option('--json', 'print the JSON report instead of the summary')
    .action(async (flags: RedteamFlags) => {
      if (flags.list) {
        const { probes, strategies } = listRedteam();
        console.log(`probes (${probes.reduce((n, p) => n + p.size, 0)} base prompts):`);
        for (const p of probes)
          console.log(
            `  ${p.id.padEnd(26)} ${p.severity.padEnd(8)} ${String(p.size).padStart(3)}  ${p.description}`,
          );
        console.log('strategies:');
        for (const s of strategies) console.log(`  ${s.id.padEnd(14)} ${s.description}`);
        return;
      }
      if (!flags.target || !flags.model) throw new InvalidArgumentError('--target and --model are required');
      if (flags.resume && !flags.out) throw new InvalidArgumentError('--resume needs --out');
      if (flags.resume && !flags.seed) throw new InvalidArgumentError('--resume needs the --seed of the run');
      if ((flags.judgeUrl === undefined) !== (flags.judgeModel === undefined)) {
        throw new InvalidArgumentError('--judge-url and --judge-model go together');
      }
      const apiKey = keyFrom(flags.apiKeyEnv);
      const judgeKey = keyFrom(flags.judgeApiKeyEnv);
      const result = await doRedteam({
        target: flags.target,
        model: flags.model,
        concurrency: flags.concurrency,
        controls: flags.controls,
        ...(apiKey ? { apiKey } : {}),
        ...(flags.systemPrompt ? { systemPrompt: readFileSync(flags.systemPrompt, 'utf8') } : {}),
        ...(flags.rate !== undefined ? { rate: flags.rate } : {}),
        ...(flags.out ? { outDir: flags.out } : {}),
        ...(flags.baseline ? { baseline: flags.baseline } : {}),
        ...(flags.failOn ? { failOn: flags.failOn } : {}),
        ...(flags.seed ? { seed: flags.seed } : {}),
        ...(flags.probes ? { probes: flags.probes } : {}),
        ...(flags.strategies ? { strategies: flags.strategies } : {}),
        ...(flags.perCategory !== undefined ? { perCategory: flags.perCategory } : {}),
        ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
        ...(flags.resume ? { resume: true } : {}),
        ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
        ...(flags.judgeUrl && flags.judgeModel
          ? {
              judge: {
                url: flags.judgeUrl,
                model: flags.judgeModel,
                ...(judgeKey ? { apiKey: judgeKey } : {}),
              },
            }
          : {}),
        ...(process.stderr.isTTY
          ? { onProgress: (_r, done, total) => process.stderr.write(`\r${done}/${total} attacks`) }
          : {}),
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(flags.json ? JSON.stringify(result.report, null, 2) : result.text);
      if (!flags.json && result.files.length > 0) console.log(`wrote ${result.files.join(', ')}`);
      if (result.failed) {
        if (!flags.json) console.log(`FAIL: successful attacks at or above ${flags.failOn}`);
        process.exitCode = 1;
      }
    });
}
