import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/** DESIGN.md, "The parts": which top-level folders of src/ each folder may import. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  config: ['core'],
  detect: ['core'],
  transform: ['core', 'detect', 'crypto'],
  policy: ['core', 'detect'],
  crypto: ['core'],
  storage: ['core'],
  auth: ['core', 'storage', 'crypto'],
  limits: ['core', 'storage'],
  audit: ['core', 'storage', 'crypto'],
  monitor: ['core', 'storage'],
  datasets: ['core', 'detect', 'transform', 'crypto', 'storage'],
  redteam: ['core', 'detect'],
  privacy: ['core'],
  compliance: ['core', 'audit', 'auth', 'storage', 'crypto', 'config'],
  gateway: ['*'],
  cli: ['*'],
  testing: ['*'],
  console: [],
};

const SRC = resolve(import.meta.dirname, '..', 'src');

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'app') yield* sourceFiles(path);
    } else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) yield path;
  }
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

describe('architecture', () => {
  it('keeps imports between src/ folders one-way, as DESIGN.md draws them', () => {
    const violations: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = relative(SRC, file).split('/')[0]!;
      if (!(from in ALLOWED) && file !== join(SRC, 'index.ts')) {
        violations.push(`${relative(SRC, file)}: folder "${from}" is not in DESIGN.md`);
        continue;
      }
      const allowed = ALLOWED[from] ?? ['*'];
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = match[1] ?? match[2]!;
        const target = relative(SRC, resolve(dirname(file), spec)).split('/')[0]!;
        if (target === from || target.startsWith('..') || allowed.includes('*')) continue;
        if (!allowed.includes(target)) violations.push(`${relative(SRC, file)} imports ${target}/ (${spec})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('never lets production code import the testing helpers', () => {
    const offenders = [...sourceFiles(SRC)]
      .filter((f) => !relative(SRC, f).startsWith('testing/'))
      .filter((f) => /from\s+['"][^'"]*\/testing\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
