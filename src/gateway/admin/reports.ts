import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BulwarkConfig } from '../../config/index.js';
import { BulwarkError } from '../../core/index.js';

/** File types the CLI writes as reports; anything else in the directory is not listed. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/plain; charset=utf-8',
  '.sarif': 'application/json; charset=utf-8',
  '.xml': 'text/plain; charset=utf-8',
};
const MAX_DEPTH = 3;
const MAX_LISTED = 500;
/** Larger files are listed but not opened: the console is for reading, not downloading bulk data. */
export const MAX_REPORT_BYTES = 5 * 1024 * 1024;

export type ReportKind = 'redteam' | 'dataset-scan' | 'compliance' | 'other';

export interface ReportEntry {
  /** base64url of the path relative to the reports directory. */
  id: string;
  path: string;
  kind: ReportKind;
  format: string;
  bytes: number;
  modified: string;
}

/** `console.reportsDir`, else `<dataDir>/reports`. */
export function reportsDirOf(config: BulwarkConfig): string {
  return resolve(config.console.reportsDir ?? join(config.dataDir, 'reports'));
}

function head(file: string, bytes = 4096): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Guesses what produced a report from markers the CLI writes (JSON tool/format fields, HTML titles). */
export function kindOf(path: string, start: string): ReportKind {
  if (/"tool"\s*:\s*"bulwark-redteam"/.test(start)) return 'redteam';
  if (/"format"\s*:\s*"bulwark-(compliance|access-review)/.test(start)) return 'compliance';
  if (/"recordsWithFindings"\s*:/.test(start)) return 'dataset-scan';
  const lower = (path + ' ' + (/<title>([^<]{0,200})<\/title>/i.exec(start)?.[1] ?? '')).toLowerCase();
  if (/red[- ]?team|junit|sarif|journal/.test(lower)) return 'redteam';
  if (/compliance|evidence|access[- ]review|art\.? ?30|processing record|retention/.test(lower))
    return 'compliance';
  if (/scan|dataset/.test(lower)) return 'dataset-scan';
  return 'other';
}

/** Lists report files under `dir` (a few levels deep, no symlinks followed), newest first. */
export function listReports(dir: string): ReportEntry[] {
  const out: ReportEntry[] = [];
  const walk = (current: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(current);
    } catch {
      return; // a missing directory simply holds no reports
    }
    for (const name of names.sort()) {
      if (out.length >= MAX_LISTED || name.startsWith('.')) continue;
      const full = join(current, name);
      const st = lstatSync(full);
      if (st.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
      else if (st.isFile() && TYPES[extname(name).toLowerCase()]) {
        const rel = relative(dir, full).split(sep).join('/');
        out.push({
          id: Buffer.from(rel, 'utf8').toString('base64url'),
          path: rel,
          kind: kindOf(rel, head(full)),
          format: extname(name).slice(1).toLowerCase(),
          bytes: st.size,
          modified: st.mtime.toISOString(),
        });
      }
    }
  };
  walk(dir, 0);
  return out.sort((a, b) => b.modified.localeCompare(a.modified) || a.path.localeCompare(b.path));
}

/**
 * Resolves a report id to a file inside `dir`, refusing anything that escapes it (`..`, absolute
 * paths, symlinks), any type not listed, and files too large to open.
 */
export function openReport(dir: string, id: string): { path: string; contentType: string; body: Buffer } {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(id)) throw new BulwarkError('NOT_FOUND');
  const rel = Buffer.from(id, 'base64url').toString('utf8');
  const contentType = TYPES[extname(rel).toLowerCase()];
  if (!contentType || isAbsolute(rel) || rel.split(/[\\/]/).some((p) => p === '..' || p.startsWith('.')))
    throw new BulwarkError('NOT_FOUND');
  const full = resolve(dir, rel);
  try {
    const st = lstatSync(full);
    const root = realpathSync(dir);
    if (!st.isFile() || !realpathSync(full).startsWith(root + sep)) throw new BulwarkError('NOT_FOUND');
    if (st.size > MAX_REPORT_BYTES) throw new BulwarkError('REPORT_TOO_LARGE');
  } catch (error) {
    if (error instanceof BulwarkError) throw error;
    throw new BulwarkError('NOT_FOUND');
  }
  return { path: rel, contentType, body: readFileSync(full) };
}
