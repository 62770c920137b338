import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines } from './lines.js';
import { formatOf, readDataset, type ReadItem } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-read-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect(path: string): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of readDataset(path)) out.push(item);
  return out;
}

const summary = (items: ReadItem[]): string[] =>
  items.map((i) =>
    i.kind === 'record'
      ? `${i.record.position}:${JSON.stringify(i.record.value)}`
      : `!${i.issue.position}:${i.issue.message}`,
  );

describe('readLines', () => {
  it('splits across chunk boundaries, strips CR and reports an invalid UTF-8 line by number', async () => {
    const bytes = Buffer.concat([
      Buffer.from('héllo\r\nwor'),
      Buffer.from('ld\n'),
      Buffer.from([0xff, 0xfe, 0x0a]),
      Buffer.from('end'),
    ]);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 11), bytes.subarray(11)];
    const out = [];
    for await (const item of readLines(Readable.from(chunks)))
      out.push(item.ok ? item.line.text : `!${item.number}`);
    expect(out).toEqual(['héllo', 'world', '!3', 'end']);
  });

  it('reports an over-long line without buffering it and continues', async () => {
    const out = [];
    for await (const item of readLines(Readable.from([Buffer.from('x'.repeat(50) + '\nok\n')]), 10)) {
      out.push(item.ok ? item.line.text : `!${item.number}`);
    }
    expect(out).toEqual(['!1', 'ok']);
  });
});

describe('readDataset', () => {
  it('detects formats through .gz', () => {
    expect(formatOf('a/b.JSONL.gz')).toEqual({ format: 'jsonl', gzip: true });
    expect(formatOf('notes.md')).toEqual({ format: 'text', gzip: false });
    expect(formatOf('x.bin').format).toBeUndefined();
  });

  it('reads JSONL, reporting a broken line by number without its content, and goes on', async () => {
    const items = await collect(file('a.jsonl', '{"a":1}\n{"a": secret-value\n\n{"a":3}\n'));
    expect(summary(items)).toEqual(['1:{"a":1}', '!2:malformed JSON', '4:{"a":3}']);
    expect(JSON.stringify(items)).not.toContain('secret-value');
  });

  it('reads gzip JSONL', async () => {
    expect(summary(await collect(file('b.jsonl.gz', gzipSync('{"t":"x"}\n'))))).toEqual(['1:{"t":"x"}']);
  });

  it('streams the elements of a JSON array', async () => {
    expect(summary(await collect(file('c.json', '[{"a":1},\n "two", [3]]')))).toEqual([
      '1:{"a":1}',
      '2:"two"',
      '3:[3]',
    ]);
  });

  it('reports a truncated JSON array as a fatal issue', async () => {
    const items = await collect(file('d.json', '[{"a":1}, {"a":'));
    expect(summary(items)[0]).toBe('1:{"a":1}');
    expect(items.at(-1)).toMatchObject({ kind: 'issue', issue: { fatal: true, message: 'malformed JSON' } });
  });

  it('reads CSV rows as objects and reports a ragged row', async () => {
    const items = await collect(file('e.csv', 'name,email\nAna,a@x.io\nBob\n"Cy, Jr",c@x.io\n'));
    expect(summary(items)).toEqual([
      '2:{"name":"Ana","email":"a@x.io"}',
      '!3:ragged row: wrong number of columns',
      '4:{"name":"Cy, Jr","email":"c@x.io"}',
    ]);
  });

  it('reads TSV and plain text', async () => {
    expect(summary(await collect(file('f.tsv', 'a\tb\n1\t2\n')))).toEqual(['2:{"a":"1","b":"2"}']);
    expect(summary(await collect(file('g.txt', 'one\n\ntwo\n')))).toEqual(['1:"one"', '3:"two"']);
  });

  it('decodes CSV row by row: invalid UTF-8 costs only its row, reported by line', async () => {
    const bad = await collect(
      file(
        'h.csv',
        Buffer.concat([
          Buffer.from('\ufeffname,note\nAna,ok\n'),
          Buffer.from([0x42, 0x6f, 0x2c, 0xc3, 0x28, 0x0a]),
          Buffer.from('Cy,fine\n'),
        ]),
      ),
    );
    expect(summary(bad)).toEqual([
      '2:{"name":"Ana","note":"ok"}',
      '!3:invalid UTF-8',
      '4:{"name":"Cy","note":"fine"}',
    ]);
    expect(bad.some((i) => i.kind === 'issue' && i.issue.fatal)).toBe(false);
    expect(await collect(join(dir, 'missing.jsonl'))).toMatchObject([
      { issue: { message: 'file not found', fatal: true } },
    ]);
  });

  it('keeps the JSON array elements before a syntax error, then stops at its line counting what is left', async () => {
    const text = '[{"a":1},\n{"a":2},\n{"a": secret-value},\n{"a":4}\n]\n';
    const items = await collect(file('i.json', text));
    expect(summary(items)).toEqual(['1:{"a":1}', '2:{"a":2}', '!3:malformed JSON']);
    const rest = text.slice(text.indexOf('{"a": secret'));
    expect(items.at(-1)).toMatchObject({
      issue: { fatal: true, unread: { lines: 3, bytes: Buffer.byteLength(rest) } },
    });
    expect(JSON.stringify(items)).not.toContain('secret-value');
  });

  it('skips only the JSON array element holding invalid UTF-8, reporting its line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('[{"a":1},\n{"a":"x'),
      Buffer.from([0xff]),
      Buffer.from('y"},\n{"a":3}]\n'),
    ]);
    expect(summary(await collect(file('j.json', bytes)))).toEqual([
      '1:{"a":1}',
      '!2:invalid UTF-8',
      '3:{"a":3}',
    ]);
  });

  it('reports a JSON file whose top level is not an array at the line where it starts', async () => {
    expect(summary(await collect(file('k.json', '\n{"a":1}\n')))).toEqual([
      '!2:malformed JSON (the top level is not an array)',
    ]);
  });

  it('reports the bytes read from disk, compressed ones for .gz', async () => {
    const gz = gzipSync(Array.from({ length: 2000 }, (_, i) => `{"n":${i}}`).join('\n'));
    const path = file('l.jsonl.gz', gz);
    let bytes = 0;
    let records = 0;
    for await (const item of readDataset(path, { onBytes: (n) => (bytes += n) }))
      if (item.kind === 'record') records++;
    expect(records).toBe(2000);
    expect(bytes).toBe(gz.length);
  });
});
