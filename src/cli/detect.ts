import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { Finding } from '../core/index.js';
import { classify } from '../detect/classify.js';
import {
  builtinRecognizers,
  createConfiguredScanner,
  type ScanOptions,
  type Scanner,
  type TextSource,
} from '../detect/index.js';
import { detectConfigOf } from './detect-config.js';

/** One input record: from a JSONL line `{"id", "text", ...}`, or a plain-text line (id = line number). */
export interface InputRecord {
  line: number;
  id: unknown;
  text: string;
  /** The parsed JSON object (undefined for plain text), so other fields can be passed through. */
  json: Record<string, unknown> | undefined;
}

/** Flags shared by `detect` and `redact`. */
export interface ScanFlags {
  /** Treat each input line as plain text instead of a JSONL record. */
  text?: boolean;
  types?: readonly string[];
  minScore?: number;
  language?: string;
  source?: TextSource;
  /** Opt-in recogniser ids to turn on. */
  enable?: readonly string[];
  /** Gateway config whose `detect` section and classification apply (default bulwark.yaml, if present). */
  config?: string;
}

export interface DetectOptions extends ScanFlags {
  input: Readable;
  output: Writable;
  errors: Writable;
  /** Injected in tests; default: every built-in recogniser. */
  scanner?: Scanner;
}

export interface DetectResult {
  records: number;
  /** Lines that could not be read; each got one message on `errors`. */
  failed: number;
}

/**
 * Reads records line by line (flat memory). A malformed line is reported on `errors` by its line
 * number only — never its content, which may be the very data being protected — and skipped.
 */
export async function* readRecords(
  input: Readable,
  plain: boolean,
  onMalformed: (line: number, problem: string) => Promise<void>,
): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    if (plain) {
      yield { line, id: line, text: raw, json: undefined };
      continue;
    }
    if (raw.trim() === '') continue;
    const problem = parseProblem(raw);
    if (typeof problem === 'string') {
      await onMalformed(line, problem);
      continue;
    }
    yield { line, id: problem.id ?? null, text: problem.text as string, json: problem };
  }
}

function parseProblem(raw: string): string | Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.text !== 'string') return '"text" is missing or not a string';
  return record;
}

/** Writes one line, waiting for the stream to drain so a slow reader keeps memory flat. */
export async function writeLine(stream: Writable, line: string): Promise<void> {
  if (!stream.write(line + '\n')) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/**
 * The scanner for the flags: the built-in recognisers plus any opt-in ones asked for. With `--types`,
 * recognisers that cannot emit any of them are never built (no model is loaded for `--types EMAIL`).
 */
export function scannerFor(flags: ScanFlags): Scanner {
  const { detect } = detectConfigOf(flags.config);
  const wanted = flags.types ? new Set(flags.types) : undefined;
  const unwanted = wanted
    ? builtinRecognizers.filter((d) => !d.entities.some((e) => wanted.has(e.type))).map((d) => d.id)
    : [];
  return createConfiguredScanner({
    ...detect,
    enabled: [...new Set([...detect.enabled, ...(flags.enable ?? [])])],
    disabled: [...new Set([...detect.disabled, ...unwanted])],
  });
}

export function scanOptionsFor(flags: ScanFlags): ScanOptions {
  const options: ScanOptions = {};
  if (flags.types) options.types = flags.types;
  if (flags.minScore !== undefined) options.minScore = flags.minScore;
  if (flags.language !== undefined) options.language = flags.language;
  if (flags.source !== undefined) options.source = flags.source;
  return options;
}

/** `bulwark detect`: one JSON line of findings per record; returns the counts. */
export async function doDetect(options: DetectOptions): Promise<DetectResult> {
  const scanner = options.scanner ?? scannerFor(options);
  const { classification } = detectConfigOf(options.config);
  const scanOptions = scanOptionsFor(options);
  let records = 0;
  let failed = 0;
  const onMalformed = malformedReporter(options.errors, () => failed++);
  for await (const record of readRecords(options.input, options.text === true, onMalformed)) {
    records++;
    const findings = await scanner.scanAsync(record.text, scanOptions);
    const out = {
      id: record.id,
      level: classify(findings, scanner.entities, classification),
      findings: findings.map(({ type, start, end, score, recognizer }: Finding) => ({
        type,
        start,
        end,
        score: Math.round(score * 1000) / 1000,
        recognizer,
      })),
    };
    await writeLine(options.output, JSON.stringify(out));
  }
  return { records, failed };
}

/** Reports a malformed line on stderr by number and counts it. */
export function malformedReporter(errors: Writable, count: () => void) {
  return async (line: number, problem: string): Promise<void> => {
    count();
    await writeLine(errors, `line ${line}: ${problem}`);
  };
}

/** Opens FILE, or stdin for '-' or no argument. A missing file is reported before reading starts. */
export async function openInput(file: string | undefined): Promise<Readable> {
  if (file === undefined || file === '-') return process.stdin;
  await access(file);
  return createReadStream(file);
}

/** Adds the flags shared with `redact`. */
export function addScanFlags(command: Command): Command {
  return command
    .argument('[file]', 'JSONL file of {"id", "text"} records, or \'-\' for stdin', '-')
    .option('--text', 'read plain text: each line is a record, its id the line number')
    .option('--types <list>', 'only these entity types, comma-separated', (v) => v.split(',').filter(Boolean))
    .option('--min-score <n>', 'drop findings scoring below this (0..1, default 0.5)', parseScore)
    .option('--language <code>', 'ISO 639-1 language hint, e.g. en, de')
    .addOption(new Option('--source <source>', 'where the text came from').choices(['trusted', 'untrusted']))
    .option('--enable <ids>', 'turn on opt-in recognisers by id, comma-separated', (v) =>
      v.split(',').filter(Boolean),
    )
    .option(
      '-c, --config <file>',
      'gateway config whose detect section (custom patterns, recognisers) and classification apply',
      'bulwark.yaml',
    );
}

function parseScore(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error('--min-score must be a number between 0 and 1');
  return n;
}

/** `bulwark detect [FILE|-]`. */
export function register(program: Command): void {
  addScanFlags(
    program.command('detect').description('Find PII, secrets and injection in JSONL records or text'),
  )
    .addHelpText(
      'after',
      '\nOutput: one JSON line per record: {"id","level","findings":[{"type","start","end","score","recognizer"}]}.\n' +
        "Offsets are UTF-16 indices into the record's text.\n" +
        'Exit code: 0 when every line was read; 1 when any line was malformed (each is named by line\n' +
        'number on stderr, never by content, and the run continues) or the input could not be opened.',
    )
    .action(async (file: string, flags: ScanFlags) => {
      const result = await doDetect({
        ...flags,
        input: await openInput(file),
        output: process.stdout,
        errors: process.stderr,
      });
      if (result.failed > 0) process.exitCode = 1;
    });
}
