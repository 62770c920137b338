import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../core/index.js';
import type { Scanner } from '../engine.js';
import { iou } from './metrics.js';

/** Presidio recogniser-test entity names whose Bulwark name differs. */
export const CASE_TYPES: Readonly<Record<string, string>> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  IBAN_CODE: 'IBAN',
  CRYPTO: 'CRYPTO_WALLET',
  ABA_ROUTING_NUMBER: 'US_BANK_ROUTING',
  SG_NRIC_FIN: 'SG_NRIC',
};

export const RECOGNIZER_CASES = join('pii', 'presidio-recognizer-tests', 'presidio_recognizer_cases.json');

export interface CaseTypeResult {
  bulwarkType: string;
  /** False when no active recogniser emits the type; its cases are listed, not scored. */
  supported: boolean;
  positives: number;
  positivesPassed: number;
  negatives: number;
  negativesPassed: number;
}

export interface CasesEvalResult {
  file: string;
  perType: Record<string, CaseTypeResult>;
  /** Over supported types only. */
  pooled: { cases: number; passed: number; passRate: number };
}

interface CaseRow {
  text: string;
  spans: [number, number][];
  entities: string[];
  label: 0 | 1;
}

/**
 * Runs Presidio's own recogniser test cases. A positive passes when every expected span is found
 * (IoU ≥ 0.5) with no extra finding of that type; a hard negative passes when nothing of the type is
 * found. The scan is restricted to the case's type, as Presidio's tests run one recogniser at a time.
 */
export async function evaluateCases(file: string, scanner: Scanner): Promise<CasesEvalResult> {
  const { rows } = JSON.parse(await readFile(file, 'utf8')) as { rows: CaseRow[] };
  const perType: Record<string, CaseTypeResult> = {};
  for (const row of rows) {
    for (const c of casesOf(row)) {
      const types = c.types.map((t) => CASE_TYPES[t] ?? t);
      const supported = types.filter((t) => scanner.entities.has(t));
      const entry = (perType[c.name] ??= {
        bulwarkType: types.join(' or '),
        supported: supported.length > 0,
        positives: 0,
        positivesPassed: 0,
        negatives: 0,
        negativesPassed: 0,
      });
      const found =
        supported.length > 0
          ? (await scanner.scanAsync(row.text, { types: supported })).filter((f) =>
              supported.includes(f.type),
            )
          : [];
      if (c.gold.length > 0) {
        entry.positives++;
        if (matchesAll(c.gold, found)) entry.positivesPassed++;
      } else {
        entry.negatives++;
        if (found.length === 0) entry.negativesPassed++;
      }
    }
  }
  let cases = 0;
  let passed = 0;
  for (const r of Object.values(perType)) {
    if (!r.supported) continue;
    cases += r.positives + r.negatives;
    passed += r.positivesPassed + r.negativesPassed;
  }
  return { file, perType, pooled: { cases, passed, passRate: cases === 0 ? 0 : passed / cases } };
}

/** Every expected span found once at IoU ≥ 0.5, and nothing else of the type. */
function matchesAll(gold: readonly [number, number][], found: readonly Finding[]): boolean {
  if (found.length !== gold.length) return false;
  const used = new Set<number>();
  return gold.every(([start, end]) => {
    const hit = found.findIndex((f, i) => !used.has(i) && iou(f, { type: f.type, start, end }) >= 0.5);
    if (hit !== -1) used.add(hit);
    return hit !== -1;
  });
}

/**
 * Splits a row into cases. When spans and entities line up, each type is its own case (a sentence
 * may test PHONE twice); otherwise `entities` lists the types asked for and any of them may match.
 */
function casesOf(row: CaseRow): { name: string; types: string[]; gold: [number, number][] }[] {
  const positive = row.label === 1;
  if (row.entities.length === row.spans.length || !positive) {
    return [...new Set(row.entities)].map((t) => ({
      name: t,
      types: [t],
      gold: positive ? row.spans.filter((_, i) => row.entities[i] === t) : [],
    }));
  }
  const types = [...new Set(row.entities)];
  return [{ name: types.join(' or '), types, gold: row.spans }];
}
