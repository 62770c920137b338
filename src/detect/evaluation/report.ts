import type { Scores } from './metrics.js';
import type { SpanEvalResult, TypeScores } from './pii.js';
import type { CasesEvalResult } from './recognizer-cases.js';
import type { SecretsEvalResult } from './secrets.js';

const f3 = (n: number): string => n.toFixed(3);
/** '–' where a score is undefined (no predictions, or no gold), rather than a misleading 0. */
const p3 = (s: Scores): string => (s.tp + s.fp === 0 ? '–' : f3(s.precision));
const r3 = (s: Scores): string => (s.tp + s.fn === 0 ? '–' : f3(s.recall));
const fx = (s: Scores, v: number): string => (s.tp + s.fp + s.fn === 0 ? '–' : f3(v));
const cells = (s: Scores): string => `${p3(s)} | ${r3(s)} | ${fx(s, s.f1)} | ${fx(s, s.f2)}`;

function typeRow(name: string, t: TypeScores): string {
  const note = t.emitted ? '' : ' (not emitted)';
  return `| ${name}${note} | ${t.support} | ${cells(t.iou)} | ${cells(t.exact)} |`;
}

/** Markdown for one presidio-research file. */
export function spanTable(title: string, r: SpanEvalResult): string {
  const lines = [
    `### ${title}`,
    '',
    `${r.sentences} sentences, ${r.spans} gold spans, ${r.msPerSentence.toFixed(2)} ms per sentence.`,
    '',
    '| type | gold | P (IoU≥0.5) | R | F1 | F2 | P (exact) | R | F1 | F2 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(r.perType).map(([type, t]) => typeRow(type, t)),
    typeRow('**pooled (typed)**', r.pooled),
    typeRow('**pooled (any type)**', r.untyped),
    '',
  ];
  return lines.join('\n');
}

/** Markdown for the recogniser test cases. */
export function casesTable(r: CasesEvalResult): string {
  const rows = Object.entries(r.perType).sort(([a], [b]) => (a < b ? -1 : 1));
  const supported = rows.filter(([, t]) => t.supported);
  const unsupported = rows.filter(([, t]) => !t.supported).map(([name]) => name);
  return [
    '### Presidio recogniser test cases',
    '',
    `Pass rate over supported types: **${(r.pooled.passRate * 100).toFixed(1)}%** (${r.pooled.passed}/${r.pooled.cases}).`,
    '',
    '| Presidio type | Bulwark type | positives passed | hard negatives passed | pass rate |',
    '| --- | --- | ---: | ---: | ---: |',
    ...supported.map(([name, t]) => {
      const rate = (t.positivesPassed + t.negativesPassed) / Math.max(1, t.positives + t.negatives);
      return `| ${name} | ${t.bulwarkType} | ${t.positivesPassed}/${t.positives} | ${t.negativesPassed}/${t.negatives} | ${(rate * 100).toFixed(1)}% |`;
    }),
    '',
    `Types no active recogniser emits (cases not scored): ${unsupported.join(', ') || 'none'}.`,
    '',
  ].join('\n');
}

/** The whole PII report. */
export function piiMarkdown(
  test: SpanEvalResult,
  dev: SpanEvalResult,
  cases: CasesEvalResult,
  recognizers: readonly string[],
): string {
  return [
    '# PII detection: evaluation',
    '',
    'Produced by `bulwark eval pii` (`npm run eval`). Span match with IoU ≥ 0.5 and exact boundaries;',
    'pooled scores are over every gold span, so types Bulwark does not emit count as misses. Predictions',
    'of types the dataset does not label (URL, secrets, national IDs) are not counted; DATE_OF_BIRTH counts',
    'as DATE_TIME. synth_dataset_v2 is for evaluation only: the project rule (issue 2) forbids training,',
    'tuning thresholds or picking rules on it; generated_large is the dev set.',
    '',
    `Active recognisers: ${recognizers.join(', ') || 'none'}.`,
    '',
    ...piiTargets(test),
    spanTable('presidio-research synth_dataset_v2.json (test)', test),
    spanTable('presidio-research generated_large.json (dev: may have been used for tuning)', dev),
    casesTable(cases),
  ].join('\n');
}

/** Issue 2's targets on the test set, with where the run landed. */
function piiTargets(test: SpanEvalResult): string[] {
  const mark = (ok: boolean): string => (ok ? 'met' : 'not met');
  const f2 = test.pooled.iou.f2;
  const lines = [`- pooled F2 (IoU ≥ 0.5) ≥ 0.85: ${f3(f2)}, ${mark(f2 >= 0.85)}`];
  for (const type of ['EMAIL', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'PHONE']) {
    const t = test.perType[type];
    if (t) lines.push(`- ${type} F1 ≥ 0.95: ${f3(t.iou.f1)}, ${mark(t.iou.f1 >= 0.95)}`);
  }
  return ['Targets on synth_dataset_v2:', '', ...lines, ''];
}

/** The secrets report. */
export function secretsMarkdown(r: SecretsEvalResult, recognizers: readonly string[]): string {
  const o = r.overall;
  return [
    '# Secret detection: evaluation',
    '',
    'Produced by `bulwark eval secrets` (`npm run eval`) on gitleaks’ literal rule examples. An example',
    'is predicted positive when any finding of category secret or credential appears in it. Per rule,',
    '– marks an undefined score (no prediction, or a rule with only documented false positives).',
    '',
    `Active recognisers: ${recognizers.length}. ${r.examples} examples (${r.positives} positives, ${r.negatives}`,
    `documented false positives), ${r.msPerExample.toFixed(2)} ms per example.`,
    '',
    '| | precision | recall | F1 | TP | FP | FN | false-positive rate on negatives |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| overall | ${f3(o.precision)} | ${f3(o.recall)} | ${f3(o.f1)} | ${o.tp} | ${o.fp} | ${o.fn} | ${f3(r.falsePositiveRate)} |`,
    '',
    `Targets: precision ≥ 0.95 (${o.precision >= 0.95 ? 'met' : 'not met'}), recall ≥ 0.95 (${o.recall >= 0.95 ? 'met' : 'not met'}).`,
    '',
    '| rule id | precision | recall | F1 | TP | FP | FN | negatives |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(r.perRule).map(
      ([id, s]) =>
        `| ${id} | ${p3(s)} | ${r3(s)} | ${fx(s, s.f1)} | ${s.tp} | ${s.fp} | ${s.fn} | ${s.negatives} |`,
    ),
    '',
  ].join('\n');
}
