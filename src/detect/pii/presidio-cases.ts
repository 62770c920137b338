import { readFileSync } from 'node:fs';
import { createScanner } from '../engine.js';
import { piiRecognizers } from './index.js';

/** Presidio entity names → Bulwark types, for the types the PII recognisers cover. */
export const PRESIDIO_TYPES: Readonly<Record<string, string>> = {
  ABA_ROUTING_NUMBER: 'US_BANK_ROUTING',
  AU_ABN: 'AU_ABN',
  AU_ACN: 'AU_ACN',
  AU_MEDICARE: 'AU_MEDICARE',
  AU_TFN: 'AU_TFN',
  CA_SIN: 'CA_SIN',
  CREDIT_CARD: 'CREDIT_CARD',
  CRYPTO: 'CRYPTO_WALLET',
  DATE_TIME: 'DATE_TIME',
  DE_ID_CARD: 'DE_ID_CARD',
  DE_TAX_ID: 'DE_TAX_ID',
  EMAIL_ADDRESS: 'EMAIL',
  ES_NIE: 'ES_NIE',
  ES_NIF: 'ES_NIF',
  IBAN_CODE: 'IBAN',
  IN_AADHAAR: 'IN_AADHAAR',
  IN_PAN: 'IN_PAN',
  IP_ADDRESS: 'IP_ADDRESS',
  IT_FISCAL_CODE: 'IT_FISCAL_CODE',
  MAC_ADDRESS: 'MAC_ADDRESS',
  PHONE_NUMBER: 'PHONE',
  SG_NRIC_FIN: 'SG_NRIC',
  UK_NHS: 'UK_NHS',
  UK_NINO: 'UK_NINO',
  URL: 'DOMAIN_NAME',
  US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  US_ITIN: 'US_ITIN',
  US_PASSPORT: 'US_PASSPORT',
  US_SSN: 'US_SSN',
};

interface CaseRow {
  text: string;
  spans: Array<[number, number]>;
  entities: string[];
  label: 0 | 1;
}

export interface TypeResult {
  type: string;
  positives: number;
  /** Positives whose every span was emitted at any score (what Presidio's own tests check). */
  foundAnyScore: number;
  /** Positives found at the default threshold (0.5). */
  foundAtThreshold: number;
  negatives: number;
  /** Hard negatives with nothing of that type at the default threshold. */
  rejected: number;
}

function iou(a: readonly [number, number], b: { start: number; end: number }): number {
  const inter = Math.max(0, Math.min(a[1], b.end) - Math.max(a[0], b.start));
  return inter / (Math.max(a[1], b.end) - Math.min(a[0], b.start));
}

/** Runs the PII recognisers over Presidio's recogniser test cases for the types both support. */
export function runPresidioCases(path: string): TypeResult[] {
  const { rows } = JSON.parse(readFileSync(path, 'utf8')) as { rows: CaseRow[] };
  const scanner = createScanner({ recognizers: piiRecognizers });
  const results = new Map<string, TypeResult>();
  for (const row of rows) {
    const kinds = new Set(row.entities);
    // Rows tagged with several types (spaCy PERSON/DATE cases) do not say which span is which.
    if (kinds.size !== 1) continue;
    const type = PRESIDIO_TYPES[[...kinds][0]!];
    if (type === undefined || (row.label === 1 && row.spans.length === 0)) continue;
    const r = results.get(type) ?? {
      type,
      positives: 0,
      foundAnyScore: 0,
      foundAtThreshold: 0,
      negatives: 0,
      rejected: 0,
    };
    results.set(type, r);
    const findings = scanner.scan(row.text, { types: [type], minScore: 0.01 });
    if (row.label === 1) {
      r.positives++;
      const found = (min: number) =>
        row.spans.every((span) => findings.some((f) => f.score >= min && iou(span, f) >= 0.5));
      if (found(0.01)) r.foundAnyScore++;
      if (found(0.5)) r.foundAtThreshold++;
    } else {
      r.negatives++;
      if (!findings.some((f) => f.score >= 0.5)) r.rejected++;
    }
  }
  return [...results.values()].sort((a, b) => a.type.localeCompare(b.type));
}

/** A fixed-width table of the results, for test output and the README. */
export function formatPresidioResults(results: readonly TypeResult[]): string {
  const lines = ['type                 pos  found(any)  found(>=0.5)  neg  rejected'];
  const total = { positives: 0, foundAnyScore: 0, foundAtThreshold: 0, negatives: 0, rejected: 0 };
  for (const r of results) {
    lines.push(
      `${r.type.padEnd(20)} ${String(r.positives).padStart(4)}  ${String(r.foundAnyScore).padStart(10)}  ${String(r.foundAtThreshold).padStart(12)}  ${String(r.negatives).padStart(3)}  ${String(r.rejected).padStart(8)}`,
    );
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
  }
  lines.push(
    `${'ALL'.padEnd(20)} ${String(total.positives).padStart(4)}  ${String(total.foundAnyScore).padStart(10)}  ${String(total.foundAtThreshold).padStart(12)}  ${String(total.negatives).padStart(3)}  ${String(total.rejected).padStart(8)}`,
  );
  return lines.join('\n');
}
