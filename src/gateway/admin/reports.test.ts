import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kindOf, listReports, openReport } from './reports.js';

const root = mkdtempSync(join(tmpdir(), 'bulwark-reports-'));
const dir = join(root, 'reports');
mkdirSync(join(dir, 'run-1'), { recursive: true });
writeFileSync(join(dir, 'run-1', 'report.json'), JSON.stringify({ tool: 'bulwark-redteam', version: 1 }));
writeFileSync(join(dir, 'scan.html'), '<title>Dataset scan report</title><p>2 records</p>');
writeFileSync(join(dir, 'evidence.json'), JSON.stringify({ format: 'bulwark-compliance/v1' }));
writeFileSync(join(dir, 'notes.exe'), 'nope');
writeFileSync(join(dir, '.hidden.json'), '{}');
writeFileSync(join(root, 'outside.json'), '{"secret":1}');
symlinkSync(join(root, 'outside.json'), join(dir, 'link.json'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const idOf = (rel: string) => Buffer.from(rel).toString('base64url');

describe('reports directory', () => {
  it('lists report files with their kind, skipping other types, dotfiles and symlinks', () => {
    const listed = listReports(dir);
    expect(listed.map((r) => [r.path, r.kind]).sort()).toEqual([
      ['evidence.json', 'compliance'],
      ['run-1/report.json', 'redteam'],
      ['scan.html', 'dataset-scan'],
    ]);
    expect(listReports(join(root, 'missing'))).toEqual([]);
  });

  it('opens a listed report and refuses traversal, symlinks out of the directory and unknown types', () => {
    expect(openReport(dir, idOf('run-1/report.json')).body.toString()).toContain('bulwark-redteam');
    for (const rel of [
      '../outside.json',
      '/etc/passwd',
      'link.json',
      'notes.exe',
      '.hidden.json',
      'run-1/../../outside.json',
    ])
      expect(() => openReport(dir, idOf(rel)), rel).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => openReport(dir, 'not base64url!')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('guesses kinds from CLI markers', () => {
    expect(kindOf('x.json', '{"recordsWithFindings": 3}')).toBe('dataset-scan');
    expect(kindOf('junit.xml', '<testsuites>')).toBe('redteam');
    expect(kindOf('access-review-q1.html', '')).toBe('compliance');
    expect(kindOf('misc.txt', 'hello')).toBe('other');
  });
});
