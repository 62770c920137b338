import type { Readable, Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { BulwarkError } from '../core/index.js';
import type { Scanner } from '../detect/index.js';
import { createAnonymizer, OPERATOR_NAMES, type OperatorName } from '../transform/index.js';
import {
  addScanFlags,
  malformedReporter,
  openInput,
  readRecords,
  scannerFor,
  scanOptionsFor,
  writeLine,
  type DetectResult,
  type ScanFlags,
} from './detect.js';

export interface RedactOptions extends ScanFlags {
  input: Readable;
  output: Writable;
  errors: Writable;
  /** Default 'redact'. */
  operator?: OperatorName;
  /** Operators for some types, overriding `operator` for them. */
  operators?: Readonly<Record<string, OperatorName>>;
  /** Key for hash and pseudonymize (read from an environment variable by the CLI). */
  key?: string;
  /** Scope separating pseudonyms made with one key. */
  scope?: string;
  seed?: number;
  scanner?: Scanner;
}

/**
 * `bulwark redact`: the same records with their text anonymised. JSONL records keep their other
 * fields; plain-text lines come out as lines.
 */
export async function doRedact(options: RedactOptions): Promise<DetectResult> {
  // Validated first: a missing key fails before any model loads or any line is read.
  const anonymizer = createAnonymizer({
    operators: { ...options.operators, DEFAULT: options.operator ?? 'redact' },
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const scanner = options.scanner ?? scannerFor(options);
  const scanOptions = scanOptionsFor(options);
  let records = 0;
  let failed = 0;
  const onMalformed = malformedReporter(options.errors, () => failed++);
  for await (const record of readRecords(options.input, options.text === true, onMalformed)) {
    records++;
    const findings = await scanner.scanAsync(record.text, scanOptions);
    const { text } = anonymizer.anonymize(record.text, findings);
    await writeLine(options.output, record.json ? JSON.stringify({ ...record.json, text }) : text);
  }
  return { records, failed };
}

interface RedactFlags extends ScanFlags {
  operator: OperatorName;
  operators?: Record<string, OperatorName>;
  keyEnv?: string;
  scope?: string;
  seed?: number;
}

/** Parses `TYPE=operator,...`; an unknown operator is an error naming it. */
function parseOperators(value: string): Record<string, OperatorName> {
  const out: Record<string, OperatorName> = {};
  for (const pair of value.split(',').filter(Boolean)) {
    const [type, operator] = pair.split('=');
    if (!type || !operator || !(OPERATOR_NAMES as readonly string[]).includes(operator)) {
      throw new Error(`--operators expects TYPE=${OPERATOR_NAMES.join('|')}, got "${pair.slice(0, 40)}"`);
    }
    out[type.toUpperCase()] = operator as OperatorName;
  }
  return out;
}

/** Reads the key from the named variable; the error names the variable, never a value. */
function keyFrom(variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const value = process.env[variable];
  if (value === undefined || value === '') {
    throw new BulwarkError('CONFIG_INVALID', { message: `The environment variable ${variable} is not set.` });
  }
  return value;
}

/** `bulwark redact [FILE|-]`. */
export function register(program: Command): void {
  addScanFlags(program.command('redact').description('Write the input back with sensitive spans anonymised'))
    .addOption(
      new Option('--operator <name>', 'how to replace each finding')
        .choices(OPERATOR_NAMES)
        .default('redact'),
    )
    .option('--operators <list>', 'per-type operators, e.g. EMAIL=mask,PERSON=pseudonymize', parseOperators)
    .option('--key-env <VAR>', 'environment variable holding the key for hash and pseudonymize (>= 16 bytes)')
    .option('--scope <name>', 'separates pseudonyms of different datasets or tenants made with one key')
    .option('--seed <n>', 'seed for synthesize, for reproducible output', (v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error('--seed must be a non-negative integer');
      return n;
    })
    .addHelpText(
      'after',
      '\nOutput: JSONL records with "text" anonymised (other fields kept), or lines with --text.\n' +
        'Exit code: 0 when every line was read; 1 when any line was malformed (named by line number on\n' +
        'stderr, never by content; the run continues) or the key or input is missing.',
    )
    .action(async (file: string, flags: RedactFlags) => {
      const key = keyFrom(flags.keyEnv);
      const result = await doRedact({
        ...flags,
        ...(key === undefined ? {} : { key }),
        input: await openInput(file),
        output: process.stdout,
        errors: process.stderr,
      });
      if (result.failed > 0) process.exitCode = 1;
    });
}
