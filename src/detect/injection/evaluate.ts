import type { TextSource } from '../recognizer.js';
import { readLabelledJsonl, sourceOf, type LabelledText } from './dataset.js';
import { quantile, rates, rocAuc, tprAtFpr } from './metrics.js';
import { loadBundledModel, type InjectionModel } from './model.js';
import { scoreText } from './score.js';
import { trainInjectionModel } from './train.js';

export interface EvaluateInjectionOptions {
  /** The shared dataset; only its `test` rows are scored by the committed model. */
  datasetPath: string;
  /** Synthetic rows used for training (needed to retrain for the split-by-source check). */
  trainExtraPath: string;
  /** Synthetic hold-out rows (never trained on): FPR per benign kind, TPR per planted kind. */
  holdoutPath: string;
  /** Retrain once per source with that source left out. Slow (one training per source). */
  splitBySource?: boolean;
  model?: InjectionModel;
}

export interface CategoryResult {
  category: string;
  label: 0 | 1;
  source: TextSource;
  n: number;
  /** Share flagged at the deployed threshold: TPR for attacks, FPR for benign rows. */
  flaggedRate: number;
  /** Attack categories only: AUC and TPR at 1% FPR against every benign test row. */
  auc?: number;
  tprAt1Fpr?: number;
}

export interface PooledResult {
  name: string;
  tpr: number;
  fpr: number;
  balancedAccuracy: number;
  auc: number;
  tprAt1Fpr: number;
}

export interface SourceSplitResult {
  heldOutSource: string;
  rows: number;
  tpr: number;
  fpr: number;
  auc: number;
}

/** Attack rows of one language (the machine-translated CyberSecEval rows carry their language). */
export interface LanguageResult {
  lang: string;
  n: number;
  tpr: number;
}

export interface LatencyResult {
  bucket: string;
  n: number;
  p50Ms: number;
  p99Ms: number;
}

export interface InjectionEvalResult {
  thresholds: { trusted: number; untrusted: number };
  testRows: number;
  pooled: PooledResult[];
  categories: CategoryResult[];
  /** TPR per language over attack rows, lowest first. */
  languages: LanguageResult[];
  holdout: CategoryResult[];
  sourceSplit: SourceSplitResult[];
  latency: LatencyResult[];
}

interface Scored {
  row: LabelledText;
  p: number;
  ms: number;
  flagged: boolean;
}

function scoreRows(model: InjectionModel, rows: readonly LabelledText[]): Scored[] {
  const { trusted, untrusted } = model.meta.thresholds;
  return rows.map((row) => {
    const t0 = performance.now();
    const p = scoreText(model, row.text).probability;
    const ms = performance.now() - t0;
    return { row, p, ms, flagged: p >= (sourceOf(row.category) === 'untrusted' ? untrusted : trusted) };
  });
}

function byCategory(scored: readonly Scored[], negatives: readonly Scored[]): CategoryResult[] {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) groups.set(s.row.category, [...(groups.get(s.row.category) ?? []), s]);
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, list]) => {
      const label = list[0]!.row.label;
      const result: CategoryResult = {
        category,
        label,
        source: sourceOf(category),
        n: list.length,
        flaggedRate: list.filter((s) => s.flagged).length / list.length,
      };
      if (label === 1) {
        const both = [...list, ...negatives];
        const scores = both.map((s) => s.p);
        const labels = both.map((s) => s.row.label);
        result.auc = rocAuc(scores, labels);
        result.tprAt1Fpr = tprAtFpr(scores, labels, 0.01);
      }
      return result;
    });
}

function pooled(name: string, scored: readonly Scored[], flagged: (s: Scored) => boolean): PooledResult {
  const labels = scored.map((s) => s.row.label);
  const scores = scored.map((s) => s.p);
  const r = rates(scored.map(flagged), labels);
  return {
    name,
    tpr: r.tpr,
    fpr: r.fpr,
    balancedAccuracy: r.balancedAccuracy,
    auc: rocAuc(scores, labels),
    tprAt1Fpr: tprAtFpr(scores, labels, 0.01),
  };
}

const BUCKETS: readonly [string, number][] = [
  ['< 256 chars', 256],
  ['256-1K', 1024],
  ['1K-4K', 4096],
  ['4K-16K', 16_384],
  ['>= 16K', Infinity],
];

function byLanguage(scored: readonly Scored[]): LanguageResult[] {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) {
    if (s.row.label !== 1) continue;
    groups.set(s.row.lang, [...(groups.get(s.row.lang) ?? []), s]);
  }
  return [...groups]
    .map(([lang, rows]) => ({
      lang,
      n: rows.length,
      tpr: rows.filter((r) => r.flagged).length / rows.length,
    }))
    .sort((a, b) => a.tpr - b.tpr || a.lang.localeCompare(b.lang));
}

function latency(scored: readonly Scored[]): LatencyResult[] {
  let lower = 0;
  return BUCKETS.map(([bucket, upper]) => {
    const ms = scored.filter((s) => s.row.text.length >= lower && s.row.text.length < upper).map((s) => s.ms);
    lower = upper;
    return { bucket, n: ms.length, p50Ms: quantile(ms, 0.5), p99Ms: quantile(ms, 0.99) };
  });
}

/** Measures the committed model on the test split, the synthetic hold-out, and a split by source. */
export function evaluateInjection(options: EvaluateInjectionOptions): InjectionEvalResult {
  const model = options.model ?? loadBundledModel();
  const all = readLabelledJsonl(options.datasetPath);
  const test = all.filter((r) => r.split === 'test');
  // Warm up the JIT so latency reflects steady state.
  for (const r of test.slice(0, 200)) scoreText(model, r.text);
  const scored = scoreRows(model, test);
  const negatives = scored.filter((s) => s.row.label === 0);
  const { trusted, untrusted } = model.meta.thresholds;
  const holdoutRows = readLabelledJsonl(options.holdoutPath);
  const holdoutScored = scoreRows(model, holdoutRows);

  const sourceSplit: SourceSplitResult[] = [];
  if (options.splitBySource) {
    const extra = readLabelledJsonl(options.trainExtraPath).filter((r) => r.split === 'train');
    for (const source of [...new Set(all.map((r) => r.source))].sort()) {
      const trainRows = all.filter((r) => r.split === 'train' && r.source !== source);
      const heldOut = all.filter((r) => r.source === source);
      const m = trainInjectionModel([...trainRows, ...extra], { thresholds: model.meta.thresholds });
      const s = scoreRows(m, heldOut);
      const r = rates(
        s.map((x) => x.flagged),
        s.map((x) => x.row.label),
      );
      sourceSplit.push({
        heldOutSource: source,
        rows: heldOut.length,
        tpr: r.tpr,
        fpr: r.fpr,
        auc: rocAuc(
          s.map((x) => x.p),
          s.map((x) => x.row.label),
        ),
      });
    }
  }

  return {
    thresholds: { trusted, untrusted },
    testRows: test.length,
    pooled: [
      pooled('deployed (threshold by source)', scored, (s) => s.flagged),
      pooled(`all rows at ${trusted} (trusted threshold)`, scored, (s) => s.p >= trusted),
      pooled(`all rows at ${untrusted} (untrusted threshold)`, scored, (s) => s.p >= untrusted),
    ],
    categories: byCategory(scored, negatives),
    languages: byLanguage(scored),
    holdout: byCategory(
      holdoutScored,
      holdoutScored.filter((s) => s.row.label === 0),
    ),
    sourceSplit,
    latency: latency(scored),
  };
}

const pct = (x: number | undefined): string =>
  x === undefined || Number.isNaN(x) ? '–' : (x * 100).toFixed(1);
const num = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3));

function categoryTable(rows: readonly CategoryResult[]): string[] {
  const lines = [
    '| category | label | source | n | flagged % (TPR / FPR) | AUC vs benign | TPR @ 1% FPR |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of rows) {
    lines.push(
      `| ${c.category} | ${c.label ? 'attack' : 'benign'} | ${c.source} | ${c.n} | ${pct(c.flaggedRate)} | ${num(c.auc)} | ${pct(c.tprAt1Fpr)} |`,
    );
  }
  return lines;
}

/** Renders the result as the Markdown report (also printed by `bulwark eval injection`). */
export function renderInjectionReport(r: InjectionEvalResult): string {
  const lines = [
    '# Prompt-injection evaluation',
    '',
    `Test split of ../shared/datasets/injection/injection.jsonl (${r.testRows} rows; the model never trained on them).`,
    `Thresholds: trusted ${r.thresholds.trusted}, untrusted ${r.thresholds.untrusted}; bipia_* and cse_indirect are scored as untrusted content.`,
    '',
    '## Pooled',
    '',
    '| setting | TPR % | FPR % | balanced acc. | ROC AUC | TPR @ 1% FPR |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.pooled.map(
      (p) =>
        `| ${p.name} | ${pct(p.tpr)} | ${pct(p.fpr)} | ${num(p.balancedAccuracy)} | ${num(p.auc)} | ${pct(p.tprAt1Fpr)} |`,
    ),
    '',
    '## Per category (test split)',
    '',
    ...categoryTable(r.categories),
    '',
    '## Attacks per language (test split; `en` rows are the English-only sources)',
    '',
    '| language | attack rows | TPR % |',
    '| --- | --- | --- |',
    ...r.languages.map((l) => `| ${l.lang} | ${l.n} | ${pct(l.tpr)} |`),
    '',
    '## Synthetic hold-out (training/injection/holdout.jsonl: templates never used in training)',
    '',
    ...categoryTable(r.holdout),
    '',
  ];
  if (r.sourceSplit.length) {
    lines.push(
      '## Split by source (retrained without the source, scored on all of its rows)',
      '',
      '| held-out source | rows | TPR % | FPR % | ROC AUC |',
      '| --- | --- | --- | --- | --- |',
      ...r.sourceSplit.map(
        (s) => `| ${s.heldOutSource} | ${s.rows} | ${pct(s.tpr)} | ${pct(s.fpr)} | ${num(s.auc)} |`,
      ),
      '',
    );
  }
  lines.push(
    '## Latency per prompt (one core, in-process, after warm-up)',
    '',
    '| length | n | p50 ms | p99 ms |',
    '| --- | --- | --- | --- |',
    ...r.latency.map((l) => `| ${l.bucket} | ${l.n} | ${num(l.p50Ms)} | ${num(l.p99Ms)} |`),
    '',
  );
  return lines.join('\n');
}
