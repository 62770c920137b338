import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createScanner, defineRecognizer, type Scanner } from '../detect/index.js';
import { doDetect } from './detect.js';
import { doRedact } from './redact.js';

/** A tiny e-mail recogniser, so these tests do not depend on the real ones. */
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/g;
const fakeEmail = defineRecognizer({
  id: 'test.email',
  entities: [{ type: 'EMAIL', category: 'contact', level: 'confidential' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [EMAIL],
  options: z.object({}),
  mode: 'sync',
  create: () => ({
    scan: (text) =>
      [...text.matchAll(EMAIL)].map((m) => ({
        type: 'EMAIL',
        start: m.index,
        end: m.index + m[0].length,
        score: 0.9,
        recognizer: 'test.email',
      })),
  }),
});
const scanner: Scanner = createScanner({ recognizers: [fakeEmail] });

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function lines(...rows: string[]): Readable {
  return Readable.from([rows.join('\n') + '\n']);
}

describe('doDetect', () => {
  it('writes one JSON line per record with UTF-16 offsets and a level', async () => {
    const out = collect();
    const err = collect();
    const result = await doDetect({
      input: lines(
        JSON.stringify({ id: 'a', text: '😀 mail ana@corp.example' }),
        JSON.stringify({ id: 2, text: 'none' }),
      ),
      output: out.stream,
      errors: err.stream,
      scanner,
    });
    expect(result).toEqual({ records: 2, failed: 0 });
    const [first, second] = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toEqual({
      id: 'a',
      level: 'confidential',
      findings: [{ type: 'EMAIL', start: 8, end: 24, score: 0.9, recognizer: 'test.email' }],
    });
    expect(second).toEqual({ id: 2, level: 'public', findings: [] });
  });

  it('names malformed lines by number only, keeps going, and counts them', async () => {
    const out = collect();
    const err = collect();
    const secretish = '{"id": 1, "text": "ana@corp.example"'; // truncated JSON with PII in it
    const result = await doDetect({
      input: lines(secretish, '[1,2]', '{"id": 3}', JSON.stringify({ id: 4, text: 'b@c.example' })),
      output: out.stream,
      errors: err.stream,
      scanner,
    });
    expect(result).toEqual({ records: 1, failed: 3 });
    expect(err.text()).toBe(
      'line 1: not valid JSON\nline 2: not a JSON object\nline 3: "text" is missing or not a string\n',
    );
    expect(err.text()).not.toContain('ana@');
    expect(out.text().trim().split('\n')).toHaveLength(1);
  });

  it('reads plain text line by line with --text and honours --types and --min-score', async () => {
    const out = collect();
    await doDetect({
      input: lines('x a@b.example', 'y'),
      output: out.stream,
      errors: collect().stream,
      scanner,
      text: true,
    });
    expect(
      out
        .text()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id),
    ).toEqual([1, 2]);
    const none = collect();
    await doDetect({
      input: lines('a@b.example'),
      output: none.stream,
      errors: collect().stream,
      scanner,
      text: true,
      minScore: 0.95,
    });
    expect(none.text()).toContain('"findings":[]');
    const other = collect();
    await doDetect({
      input: lines('a@b.example'),
      output: other.stream,
      errors: collect().stream,
      scanner,
      text: true,
      types: ['PHONE'],
    });
    expect(other.text()).toContain('"findings":[]');
  });
});

describe('doRedact', () => {
  it('anonymises the text of each record and keeps its other fields', async () => {
    const out = collect();
    const result = await doRedact({
      input: lines(JSON.stringify({ id: 7, text: 'mail ana@corp.example now', lang: 'en' })),
      output: out.stream,
      errors: collect().stream,
      scanner,
    });
    expect(result.failed).toBe(0);
    expect(JSON.parse(out.text())).toEqual({ id: 7, text: 'mail [EMAIL] now', lang: 'en' });
  });

  it('pseudonymises consistently with a key and refuses to start without one', async () => {
    const key = 'k'.repeat(32);
    const out = collect();
    await doRedact({
      input: lines('ana@corp.example', 'again ANA@corp.example'),
      output: out.stream,
      errors: collect().stream,
      scanner,
      text: true,
      operator: 'pseudonymize',
      key,
    });
    const [a, b] = out.text().trim().split('\n');
    expect(a).toMatch(/^user_[0-9a-f]{8}@example\.invalid$/);
    expect(b).toBe(`again ${a!}`);
    await expect(
      doRedact({
        input: lines('x'),
        output: collect().stream,
        errors: collect().stream,
        scanner,
        operator: 'hash',
      }),
    ).rejects.toThrow(/needs a key/);
  });

  it('applies per-type operators over the default', async () => {
    const out = collect();
    await doRedact({
      input: lines('a@b.example'),
      output: out.stream,
      errors: collect().stream,
      scanner,
      text: true,
      operator: 'redact',
      operators: { EMAIL: 'mask' },
    });
    expect(out.text()).toBe('*@*.***mple\n');
  });

  it('drops malformed lines rather than echo unredacted data', async () => {
    const out = collect();
    const err = collect();
    const result = await doRedact({
      input: lines('{"text": "ana@corp.example"', JSON.stringify({ text: 'ok' })),
      output: out.stream,
      errors: err.stream,
      scanner,
    });
    expect(result).toEqual({ records: 1, failed: 1 });
    expect(out.text()).toBe('{"text":"ok"}\n');
  });
});

describe('detect with a gateway config', () => {
  it('applies the config’s custom patterns, disabled recognisers and classification', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'bulwark-detect-cfg-')), 'bulwark.yaml');
    writeFileSync(
      file,
      "upstreams:\n  u: { kind: openai-compatible, baseUrl: 'https://example.com/v1' }\nmodels:\n  m: { upstream: u }\n" +
        'detect:\n  disabled: [ner.tagger]\n  custom:\n    - { id: custom.badge, type: BADGE_ID, category: national_id, level: internal, pattern: "BDG-\\\\d{4}" }\n' +
        'policy:\n  classification:\n    types: { BADGE_ID: restricted }\n',
    );
    const out = collect();
    await doDetect({
      config: file,
      input: lines(JSON.stringify({ id: 1, text: 'badge BDG-1234 at the door' })),
      output: out.stream,
      errors: new PassThrough(),
    });
    const row = JSON.parse(out.text()) as { level: string; findings: { type: string }[] };
    expect(row.findings.map((f) => f.type)).toEqual(['BADGE_ID']);
    expect(row.level).toBe('restricted');
  });
});
