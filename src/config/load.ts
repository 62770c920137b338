import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { interpolateEnv, type InterpolationIssue } from './interpolate.js';
import { configSchema, type BulwarkConfig } from './schema.js';

/** One problem in a config file: where (path and line) and what was expected. Never the value. */
export interface ConfigIssue {
  path: string;
  line?: number;
  message: string;
}

/** A configuration that failed to parse or validate; `issues` lists every problem found. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(source: string, issues: readonly ConfigIssue[]) {
    super(`${source}: invalid configuration\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function formatIssue(issue: ConfigIssue): string {
  return `  ${issue.path || '(root)'}${issue.line === undefined ? '' : ` (line ${issue.line})`}: ${issue.message}`;
}

export interface LoadConfigOptions {
  /** Environment for `${VAR}` interpolation; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Name used in error messages; default 'config'. */
  source?: string;
  /**
   * Checks other modules own (custom patterns, recogniser options), run on the validated config;
   * their issues are reported with lines like schema issues. Config imports no module that knows them.
   */
  check?: (config: BulwarkConfig) => readonly { path: readonly (string | number)[]; message: string }[];
}

/** Parses YAML text into a validated, deeply frozen config, or throws a `ConfigError`. */
export function parseConfig(text: string, options: LoadConfigOptions = {}): BulwarkConfig {
  const source = options.source ?? 'config';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => ({
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.code.toLowerCase().replaceAll('_', ' ')}`,
      })),
    );
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => lineAt(doc, lineCounter, path);
  const envIssues: InterpolationIssue[] = [];
  const raw = interpolateEnv(doc.toJS() ?? {}, options.env ?? process.env, envIssues);
  if (envIssues.length > 0) {
    throw new ConfigError(
      source,
      envIssues.map((i) => withLine(i.path, lineOf(i.path), `environment variable ${i.variable} is not set`)),
    );
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      source,
      parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        return withLine(path, lineOf(path), describe(issue));
      }),
    );
  }
  const extra = options.check?.(parsed.data) ?? [];
  if (extra.length > 0)
    throw new ConfigError(
      source,
      extra.map((issue) => withLine(issue.path, lineOf(issue.path), issue.message)),
    );
  return deepFreeze(parsed.data);
}

/** Reads and parses a config file. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): BulwarkConfig {
  return parseConfig(readFileSync(file, 'utf8'), { source: file, ...options });
}

function withLine(
  path: readonly (string | number)[],
  line: number | undefined,
  message: string,
): ConfigIssue {
  return { path: path.join('.'), ...(line === undefined ? {} : { line }), message };
}

// Zod's messages do not include the input value (unless asked), so they are safe to show.
function describe(issue: { code: string; message: string; keys?: readonly string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown key(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** The line of the deepest existing node on the path (the parent when a key is missing). */
function lineAt(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (node && (isScalar(node) || isMap(node) || typeof node === 'object') && 'range' in node) {
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return counter.linePos(range[0]).line;
    }
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
