import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSelector } from '../fields.js';
import { renderScanHtml } from './report-html.js';
import { scanFiles, type ScanProgress } from './scan-files.js';

const EMAIL = 'ana.lopez@example.org';
const CARD = '4111 1111 1111 1111';

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-scan-'));
  const rows = [
    { id: 1, messages: [{ role: 'user', content: `Please write to ${EMAIL} about my order.` }] },
    { id: 2, messages: [{ role: 'user', content: 'How do I reset my password?' }] },
    {
      id: 3,
      messages: [{ role: 'user', content: `Charge card ${CARD} again please.` }],
      note: `cc ${EMAIL}`,
    },
  ];
  writeFileSync(join(dir, 'a.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n{broken\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'b.csv.gz'), gzipSync(`name,email\nBo,${EMAIL}\n`));
  writeFileSync(join(dir, 'sub', 'ignored.bin'), 'x');
  return dir;
}

describe('scanFiles', () => {
  it('walks directories, scans every string, counts by type and level, and lists issues', async () => {
    const dir = fixture();
    const report = await scanFiles({ paths: [dir], workers: 0 });
    expect(report.files.map((f) => f.slice(dir.length))).toEqual(['/a.jsonl', '/sub/b.csv.gz']);
    expect(report.records).toBe(4);
    expect(report.recordsWithFindings).toBe(3);
    expect(report.byType.EMAIL).toBe(3);
    expect(report.byType.CREDIT_CARD).toBe(1);
    expect(report.byLevel.restricted).toBe(1);
    expect(report.maxLevel).toBe('restricted');
    expect(report.issues).toMatchObject([{ position: 4, message: 'malformed JSON' }]);
  });

  it('never puts a raw value in the report or the HTML', async () => {
    const report = await scanFiles({ paths: [fixture()], workers: 0 });
    for (const out of [JSON.stringify(report), renderScanHtml(report)]) {
      expect(out).not.toContain(EMAIL);
      expect(out).not.toContain('1111 1111 1111');
    }
    expect(report.affected[0]!.findings[0]).toMatchObject({ field: 'messages[0].content', type: 'EMAIL' });
  });

  it('scans only the selected fields', async () => {
    const report = await scanFiles({ paths: [fixture()], workers: 0, fields: [parseSelector('note')] });
    expect(report.byType).toEqual({ EMAIL: 1 });
  });

  it('gives the same report on worker threads as in one thread', async () => {
    const dir = fixture();
    const strip = (r: Awaited<ReturnType<typeof scanFiles>>) => ({ ...r, durationMs: 0, workers: 0 });
    const [one, two] = [
      await scanFiles({ paths: [dir], workers: 0 }),
      await scanFiles({ paths: [dir], workers: 2 }),
    ];
    expect(two.workers).toBe(2);
    expect(strip(two)).toEqual(strip(one));
  });

  it('measures progress in bytes read from disk, compressed for .gz, so it ends at 100%', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-scan-progress-'));
    // Highly compressible: the text is many times the size of the file on disk.
    const rows = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: i, text: 'hello '.repeat(40) }));
    writeFileSync(join(dir, 'big.jsonl.gz'), gzipSync(rows.join('\n')));
    writeFileSync(join(dir, 'small.jsonl'), rows.slice(0, 300).join('\n'));
    const seen: ScanProgress[] = [];
    await scanFiles({ paths: [dir], workers: 0, types: ['EMAIL'], onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    for (const p of seen) expect(p.bytesRead).toBeLessThanOrEqual(p.bytesTotal);
    expect(seen.at(-1)!.bytesRead).toBe(seen.at(-1)!.bytesTotal);
    expect(seen.at(-1)!.records).toBe(1800);
  });

  it('lists only the first issues but counts all of them, and what a broken JSON array left unread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-scan-issues-'));
    writeFileSync(join(dir, 'a.jsonl'), Array.from({ length: 150 }, () => '{broken').join('\n'));
    const unread = '{"t": x},\n{"t":"z"},\n{"t":"w"}]\n';
    writeFileSync(join(dir, 'b.json'), `[${JSON.stringify({ t: EMAIL })},\n${unread}`);
    const report = await scanFiles({ paths: [dir], workers: 0, maxIssues: 100 });
    expect(report.issues).toHaveLength(100);
    expect(report.issueCounts).toEqual({
      total: 151,
      notListed: 51,
      skippedRecords: 150,
      incompleteFiles: 1,
      unreadLines: 3,
      unreadBytes: Buffer.byteLength(unread),
    });
    expect(report.records).toBe(1);
    expect(report.byType.EMAIL).toBe(1);
    expect(renderScanHtml(report)).toContain('not read to the end');
  });
});
