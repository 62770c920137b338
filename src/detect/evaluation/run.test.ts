import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createScanner } from '../engine.js';
import { defineRecognizer, type EntityCategory } from '../recognizer.js';
import { PRESIDIO_SYNTH } from './pii.js';
import { RECOGNIZER_CASES } from './recognizer-cases.js';
import { runPiiEval, runSecretsEval } from './run.js';
import { GITLEAKS_EXAMPLES } from './secrets.js';

/** A recogniser that reports every match of a regex as one type. */
function regexRecognizer(id: string, type: string, category: EntityCategory, pattern: RegExp) {
  return defineRecognizer({
    id,
    entities: [{ type, category, level: 'confidential' }],
    languages: 'any',
    scope: 'span',
    streaming: true,
    patterns: [pattern],
    options: z.object({}),
    mode: 'sync',
    create: () => ({
      scan: (text) =>
        [...text.matchAll(pattern)].map((m) => ({
          type,
          start: m.index,
          end: m.index + m[0].length,
          score: 0.9,
          recognizer: id,
        })),
    }),
  });
}

const scanner = createScanner({
  recognizers: [
    regexRecognizer('t.email', 'EMAIL', 'contact', /\b\w+@\w+\.com\b/g),
    regexRecognizer('t.token', 'TEST_TOKEN', 'secret', /\btok_\w{8}\b/g),
  ],
});

const sentence = (text: string, spans: [string, string][]) => ({
  full_text: text,
  spans: spans.map(([type, value]) => ({
    entity_type: type,
    entity_value: value,
    start_position: text.indexOf(value),
    end_position: text.indexOf(value) + value.length,
  })),
});

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-eval-'));
  const synth = [
    sentence('mail ana@corp.com now', [['EMAIL_ADDRESS', 'ana@corp.com']]),
    sentence('Ana lives in Paris', [
      ['PERSON', 'Ana'],
      ['GPE', 'Paris'],
    ]),
    sentence('spam bo@x.com', []),
  ];
  await mkdir(join(dir, 'pii', 'presidio-synth'), { recursive: true });
  await mkdir(join(dir, 'pii', 'presidio-recognizer-tests'), { recursive: true });
  await mkdir(join(dir, 'secrets', 'gitleaks'), { recursive: true });
  await writeFile(join(dir, PRESIDIO_SYNTH.test), JSON.stringify(synth));
  await writeFile(join(dir, PRESIDIO_SYNTH.dev), JSON.stringify(synth.slice(0, 1)));
  const rows = [
    { text: 'a@b.com', spans: [[0, 7]], entities: ['EMAIL_ADDRESS'], label: 1 },
    { text: 'a@b', spans: [], entities: ['EMAIL_ADDRESS'], label: 0 },
    { text: '123-45-6789', spans: [[0, 11]], entities: ['US_SSN'], label: 1 },
  ];
  await writeFile(join(dir, RECOGNIZER_CASES), JSON.stringify({ rows }));
  const secrets = [
    { rule_id: 'r1', label: 1, text: 'key = tok_abcdefgh' },
    { rule_id: 'r1', label: 0, text: 'key = tok_short' },
    { rule_id: 'r2', label: 1, text: 'nothing to see' },
    { rule_id: 'r2', label: 0, text: 'contact ana@corp.com' },
  ];
  await writeFile(join(dir, GITLEAKS_EXAMPLES), secrets.map((s) => JSON.stringify(s)).join('\n') + '\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('evaluation runs', () => {
  it('scores PII per type and pooled, counting types it cannot emit as misses', async () => {
    const reports = join(dir, 'reports');
    const result = await runPiiEval({ datasets: dir, reports, scanner, recognizers: ['t.email'] });
    expect(result.test.perType.EMAIL?.iou).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(result.test.perType.PERSON).toMatchObject({ emitted: false, support: 1 });
    expect(result.test.pooled.iou).toMatchObject({ tp: 1, fp: 1, fn: 2 });
    expect(result.cases.perType.EMAIL_ADDRESS).toMatchObject({ positivesPassed: 1, negativesPassed: 1 });
    expect(result.cases.perType.US_SSN?.supported).toBe(false);
    expect(result.cases.pooled).toEqual({ cases: 2, passed: 2, passRate: 1 });
    const md = await readFile(join(reports, 'eval-pii.md'), 'utf8');
    expect(md).toContain('| PERSON (not emitted) | 1 |');
    expect(md).not.toContain('ana@corp.com');
    expect(JSON.parse(await readFile(join(reports, 'eval-pii.json'), 'utf8'))).toHaveProperty('test.pooled');
  });

  it('scores secrets by category, overall and per rule', async () => {
    const result = await runSecretsEval({
      datasets: dir,
      reports: join(dir, 'reports'),
      scanner,
      recognizers: [],
    });
    expect(result.overall).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(result.perRule.r2).toMatchObject({ tp: 0, fp: 0, fn: 1 });
    expect(result.falsePositiveRate).toBe(0);
  });
});
