import { readFileSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { auditMemorization, formatMemorizationReport, parseCanaries } from '../privacy/index.js';
import { createClient } from '../redteam/index.js';

interface AuditFlags {
  target: string;
  model: string;
  canaries: string;
  apiKeyEnv?: string;
  maxExposure?: number;
  references: number;
  samples: number;
  temperature: number;
  mode: 'auto' | 'logprobs' | 'generation';
  concurrency: number;
  seed?: string;
  report?: string;
  json?: boolean;
}

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
    return n;
  };
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number ≥ 0');
  return n;
}

/** `bulwark audit-model`: measure how much a model memorised planted canaries. */
export function register(program: Command): void {
  program
    .command('audit-model')
    .description('Audit a model for memorised canaries: exposure (log-probs), greedy and sampled extraction')
    .requiredOption('--target <url>', 'base URL of the OpenAI-compatible API (legacy /completions)')
    .requiredOption('--model <name>', 'model name to send')
    .requiredOption(
      '--canaries <file>',
      'JSONL of { "id", "prefix", "secret", "format" } (format e.g. digits:9)',
    )
    .option('--api-key-env <var>', 'environment variable holding the API key')
    .option('--max-exposure <bits>', 'exit 1 when a canary’s exposure exceeds this many bits', nonNegative)
    .option('--references <n>', 'never-inserted reference fillings per canary', wholeNumber(1000), 1000)
    .option(
      '--samples <n>',
      'sampled completions per canary for the extraction rate (0 = skip)',
      wholeNumber(0),
      20,
    )
    .option('--temperature <t>', 'sampling temperature', nonNegative, 1)
    .addOption(
      new Option('--mode <mode>', 'log-probabilities, generation only, or auto-detect')
        .choices(['auto', 'logprobs', 'generation'])
        .default('auto'),
    )
    .option('--concurrency <n>', 'requests in flight', wholeNumber(1), 4)
    .option('--seed <seed>', 'seed for the reference fillings')
    .option('--report <file>', 'write the JSON report here')
    .option('--json', 'print JSON instead of the table')
    .action(async (flags: AuditFlags) => {
      let apiKey: string | undefined;
      if (flags.apiKeyEnv !== undefined) {
        apiKey = process.env[flags.apiKeyEnv];
        if (!apiKey) throw new InvalidArgumentError(`environment variable ${flags.apiKeyEnv} is not set`);
      }
      const client = createClient({ baseUrl: flags.target, ...(apiKey ? { apiKey } : {}) });
      const result = await auditMemorization({
        canaries: parseCanaries(readFileSync(flags.canaries, 'utf8')),
        model: {
          logProbability: (text) => client.promptLogprob(flags.model, text),
          logProbabilities: (texts) => client.promptLogprobs(flags.model, texts),
          complete: (prompt, o) =>
            client.complete({
              model: flags.model,
              prompt,
              temperature: o.temperature,
              maxTokens: o.maxTokens,
            }),
        },
        references: flags.references,
        samples: flags.samples,
        temperature: flags.temperature,
        mode: flags.mode,
        concurrency: flags.concurrency,
        ...(flags.seed ? { seed: flags.seed } : {}),
        ...(flags.maxExposure !== undefined ? { maxExposure: flags.maxExposure } : {}),
      });
      if (flags.report) writeFileSync(flags.report, JSON.stringify(result, null, 2) + '\n');
      console.log(flags.json ? JSON.stringify(result, null, 2) : formatMemorizationReport(result));
      if (!result.passed) process.exitCode = 1;
    });
}
