import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Document, isNode, LineCounter, parseDocument, stringify } from 'yaml';
import {
  ConfigError,
  configSchema,
  interpolateEnv,
  parseConfig,
  type BulwarkConfig,
  type ConfigIssue,
  type InterpolationIssue,
  type PolicyConfig,
} from '../../config/index.js';
import { BulwarkError } from '../../core/index.js';
import { lineDiff, type DiffLine } from './line-diff.js';

/** A policy section larger than this is refused before parsing (the editor is for humans). */
export const MAX_POLICY_CHARS = 256 * 1024;

/** The policy section as the editor shows it. */
export interface PolicySource {
  /** The `policy:` section of the config file as YAML (comments kept); '' = no section, defaults apply. */
  text: string;
  /** Digest of the whole config file; an apply must name it, so two editors cannot overwrite each other. */
  version: string;
  /** False when the gateway runs without a config file (nothing to write). */
  editable: boolean;
  /** The config file's name (not its directory). */
  file?: string;
}

export interface PolicyValidation {
  valid: boolean;
  /** Path (`policy.input.default`), the line in the edited text when known, and what was expected. */
  issues: ConfigIssue[];
  /** The validated policy with every default filled in. */
  policy?: PolicyConfig;
  /** The whole config file as it would be written (server side only; never sent to a client). */
  fileText?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Where the policy lives: the running gateway's config file, or only its in-memory config. */
export interface PolicyTarget {
  configFile?: string | undefined;
  config: () => BulwarkConfig;
  env?: Readonly<Record<string, string | undefined>>;
}

export function readPolicySource(target: PolicyTarget): PolicySource {
  if (target.configFile === undefined) {
    const text = stringify(JSON.parse(JSON.stringify(target.config().policy)));
    return { text, version: digest(text), editable: false };
  }
  const fileText = readFileSync(target.configFile, 'utf8');
  const node = parseDocument(fileText).get('policy', true);
  const text = node === undefined || node === null ? '' : new Document(node).toString();
  return { text, version: digest(fileText), editable: true, file: basename(target.configFile) };
}

/** The line (1-based) of the deepest node of `path` that exists in the edited policy document. */
function lineIn(doc: Document, counter: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Validates an edited policy section exactly as a reload would: spliced into the config file (or the
 * running config when there is no file) and parsed by the one config schema. Issues name the path
 * and what was expected, with the line in the edited text; never the submitted value.
 */
export function validatePolicy(target: PolicyTarget, text: string): PolicyValidation {
  if (text.length > MAX_POLICY_CHARS)
    return {
      valid: false,
      issues: [{ path: 'policy', message: `longer than ${MAX_POLICY_CHARS} characters` }],
    };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return {
      valid: false,
      issues: doc.errors.map((e) => ({
        path: 'policy',
        line: counter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.code.toLowerCase().replaceAll('_', ' ')}`,
      })),
    };
  const value: unknown = doc.toJS();
  if (value !== null && (typeof value !== 'object' || Array.isArray(value)))
    return {
      valid: false,
      issues: [{ path: 'policy', line: 1, message: 'expected a mapping of policy keys' }],
    };
  const located = (issue: { path: string; message: string }): ConfigIssue => {
    if (issue.path !== 'policy' && !issue.path.startsWith('policy.')) return issue;
    const rel = issue.path
      .split('.')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const line = lineIn(doc, counter, rel);
    return { path: issue.path, ...(line === undefined ? {} : { line }), message: issue.message };
  };

  if (target.configFile !== undefined) {
    const file = parseDocument(readFileSync(target.configFile, 'utf8'));
    if (value === null) file.delete('policy');
    else file.set('policy', doc.contents);
    const fileText = file.toString();
    try {
      const config = parseConfig(fileText, { source: 'policy', ...(target.env ? { env: target.env } : {}) });
      return { valid: true, issues: [], policy: config.policy, fileText };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { valid: false, issues: error.issues.map(located) };
    }
  }
  // No file: check against the running config (already interpolated) with the section replaced.
  const envIssues: InterpolationIssue[] = [];
  const policy = interpolateEnv(value ?? undefined, target.env ?? process.env, envIssues);
  if (envIssues.length > 0)
    return {
      valid: false,
      issues: envIssues.map((i) =>
        located({
          path: ['policy', ...i.path].join('.'),
          message: `environment variable ${i.variable} is not set`,
        }),
      ),
    };
  const raw = { ...(JSON.parse(JSON.stringify(target.config())) as Record<string, unknown>), policy };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success)
    return {
      valid: false,
      issues: parsed.error.issues.map((i) =>
        located({
          path: i.path.filter((p) => typeof p !== 'symbol').join('.'),
          message: i.code === 'unrecognized_keys' ? `unknown key(s): ${i.keys.join(', ')}` : i.message,
        }),
      ),
    };
  return { valid: true, issues: [], policy: parsed.data.policy };
}

export function policyDiff(before: string, after: string): DiffLine[] {
  return lineDiff(before, after);
}

/** Writes a file so readers see the old or the new content, never half: temp file, fsync, rename. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`);
  let mode = 0o600;
  try {
    mode = statSync(file).mode & 0o777;
  } catch {
    // A new file keeps the private default.
  }
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  try {
    // The rename itself is durable once the directory entry is flushed.
    const dir = openSync(dirname(file), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename has still happened.
  }
}

let applying: Promise<unknown> = Promise.resolve();

/**
 * Applies an edited policy: the file must still be at `version`, the edit must validate, then the
 * file is replaced atomically and the gateway reloads (the same reload SIGHUP runs). If the reload
 * fails, the previous file is put back. Applies are serialised within the process.
 */
export function applyPolicy(
  target: PolicyTarget & { reload?: (() => Promise<void>) | undefined },
  text: string,
  version: string,
): Promise<{ source: PolicySource; previousVersion: string }> {
  const run = async () => {
    const { configFile, reload } = target;
    if (configFile === undefined || reload === undefined) throw new BulwarkError('POLICY_READ_ONLY');
    const before = readFileSync(configFile, 'utf8');
    if (digest(before) !== version) throw new BulwarkError('CONFLICT');
    const checked = validatePolicy(target, text);
    if (!checked.valid || checked.fileText === undefined)
      throw new BulwarkError('POLICY_INVALID', { details: { issues: checked.issues } });
    writeFileAtomic(configFile, checked.fileText);
    try {
      await reload();
    } catch (error) {
      writeFileAtomic(configFile, before);
      throw new BulwarkError('POLICY_INVALID', {
        details: {
          issues:
            error instanceof ConfigError ? error.issues : [{ path: 'policy', message: 'reload failed' }],
        },
      });
    }
    return { source: readPolicySource(target), previousVersion: version };
  };
  const next = applying.then(run, run);
  applying = next.catch(() => undefined);
  return next;
}
