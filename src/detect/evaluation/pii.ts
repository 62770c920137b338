import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../core/index.js';
import type { Scanner } from '../engine.js';
import { addCounts, matchSpans, pool, scores, type Counts, type Scores, type Span } from './metrics.js';

/** Presidio's type names → Bulwark's, for both presidio-research files. */
export const PRESIDIO_TYPES: Readonly<Record<string, string>> = {
  PERSON: 'PERSON',
  STREET_ADDRESS: 'ADDRESS',
  ADDRESS: 'ADDRESS',
  GPE: 'LOCATION',
  LOCATION: 'LOCATION',
  ORGANIZATION: 'ORGANIZATION',
  TITLE: 'TITLE',
  PREFIX: 'TITLE',
  NRP: 'NRP',
  AGE: 'AGE',
  DATE_TIME: 'DATE_TIME',
  ZIP_CODE: 'ZIP_CODE',
  DOMAIN_NAME: 'DOMAIN_NAME',
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
};

/** Bulwark types that are a narrower kind of a labelled type count as that type. */
export const PREDICTION_ALIASES: Readonly<Record<string, string>> = { DATE_OF_BIRTH: 'DATE_TIME' };

export interface TypeScores {
  /** Gold spans of this type. */
  support: number;
  iou: Scores;
  exact: Scores;
  /** False when no active recogniser can emit the type: all its gold spans are misses. */
  emitted: boolean;
}

export interface SpanEvalResult {
  file: string;
  sentences: number;
  spans: number;
  msPerSentence: number;
  perType: Record<string, TypeScores>;
  /** Over every gold span; types Bulwark does not emit count as misses. */
  pooled: TypeScores;
  /** Span found at all, whatever type it was given: what matters when the aim is to mask. */
  untyped: TypeScores;
}

interface PresidioSentence {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

/** Scores a scanner on one presidio-research file: span match at IoU ≥ 0.5 and exact, per type and pooled. */
export async function evaluateSpans(file: string, scanner: Scanner): Promise<SpanEvalResult> {
  const data = JSON.parse(await readFile(file, 'utf8')) as PresidioSentence[];
  const emitted = new Set([...scanner.entities.keys()].map((t) => PREDICTION_ALIASES[t] ?? t));
  const labelled = new Set<string>();
  for (const s of data)
    for (const span of s.spans) labelled.add(PRESIDIO_TYPES[span.entity_type] ?? span.entity_type);

  const iouCounts = new Map<string, Counts>();
  const exactCounts = new Map<string, Counts>();
  const untypedIou = new Map<string, Counts>();
  const untypedExact = new Map<string, Counts>();
  const support = new Map<string, number>();
  let elapsed = 0;
  let spans = 0;
  for (const sentence of data) {
    const gold: Span[] = sentence.spans.map((s) => ({
      type: PRESIDIO_TYPES[s.entity_type] ?? s.entity_type,
      start: s.start_position,
      end: s.end_position,
    }));
    for (const g of gold) support.set(g.type, (support.get(g.type) ?? 0) + 1);
    spans += gold.length;
    const started = performance.now();
    const findings = await scanner.scanAsync(sentence.full_text);
    elapsed += performance.now() - started;
    const predicted = toPredicted(findings, labelled);
    addCounts(iouCounts, matchSpans(gold, predicted, { kind: 'iou', threshold: 0.5 }));
    addCounts(exactCounts, matchSpans(gold, predicted, { kind: 'exact' }));
    addCounts(untypedIou, matchSpans(gold, predicted, { kind: 'iou', threshold: 0.5 }, false));
    addCounts(untypedExact, matchSpans(gold, predicted, { kind: 'exact' }, false));
  }

  const perType: Record<string, TypeScores> = {};
  for (const type of [...labelled].sort()) {
    perType[type] = {
      support: support.get(type) ?? 0,
      iou: scores(iouCounts.get(type) ?? { tp: 0, fp: 0, fn: 0 }),
      exact: scores(exactCounts.get(type) ?? { tp: 0, fp: 0, fn: 0 }),
      emitted: emitted.has(type),
    };
  }
  return {
    file,
    sentences: data.length,
    spans,
    msPerSentence: data.length === 0 ? 0 : elapsed / data.length,
    perType,
    pooled: { support: spans, iou: scores(pool(iouCounts)), exact: scores(pool(exactCounts)), emitted: true },
    untyped: {
      support: spans,
      iou: scores(pool(untypedIou)),
      exact: scores(pool(untypedExact)),
      emitted: true,
    },
  };
}

/** Keeps predictions of labelled types only: the dataset says nothing about URLs or secrets. */
function toPredicted(findings: readonly Finding[], labelled: ReadonlySet<string>): Span[] {
  const out: Span[] = [];
  for (const f of findings) {
    const type = PREDICTION_ALIASES[f.type] ?? f.type;
    if (labelled.has(type)) out.push({ type, start: f.start, end: f.end });
  }
  return out;
}

/** Where the presidio-research files live under the datasets directory. */
export const PRESIDIO_SYNTH = {
  test: join('pii', 'presidio-synth', 'synth_dataset_v2.json'),
  dev: join('pii', 'presidio-synth', 'generated_large.json'),
};
