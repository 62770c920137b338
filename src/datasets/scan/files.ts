import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatOf } from '../read.js';

/** Expands files and directories (recursively) into dataset files of a known format, sorted. */
export function datasetFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string, explicit: boolean): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) walk(join(path, name), false);
    } else if (explicit || formatOf(path).format !== undefined) out.push(path);
  };
  for (const p of paths) walk(p, true);
  return out;
}
