// Validation-split error analysis: holds out one train row in `--fold` (by text hash, offset so it
// differs from the calibration fold), trains on the rest, prints per-category error rates at the
// deployed thresholds. Never reads `split: "test"` rows, so tuning against it is allowed.
// Usage: npx tsx training/injection/validate.ts [--fold 4] [--offset 1]
import { parseArgs } from 'node:util';
import { readLabelledJsonl, sourceOf, stableHash } from '../../src/detect/injection/dataset.js';
import { scoreText } from '../../src/detect/injection/score.js';
import { trainInjectionModel } from '../../src/detect/injection/train.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: '../shared/datasets/injection/injection.jsonl' },
    extra: { type: 'string', default: 'training/injection/train.jsonl' },
    fold: { type: 'string', default: '4' },
    offset: { type: 'string', default: '1' },
    clean: { type: 'string', default: '1' },
    l2: { type: 'string', default: '1e-3' },
    epochs: { type: 'string', default: '16' },
    carriers: { type: 'string', default: 'true' },
  },
});
const fold = Number(values.fold);
const offset = Number(values.offset);
const rows = [
  ...readLabelledJsonl(values.dataset).filter((r) => r.split === 'train'),
  ...readLabelledJsonl(values.extra).filter((r) => r.split === 'train'),
];
// Hash by a salted text so the validation fold is independent of the calibration fold.
const isVal = (text: string) => stableHash(`val:${text}`) % fold === offset % fold;
const model = trainInjectionModel(
  rows.filter((r) => !isVal(r.text)),
  {
    cleanContextWeight: Number(values.clean),
    l2: Number(values.l2),
    epochs: Number(values.epochs),
    carriers: values.carriers !== 'false',
  },
);
const val = rows.filter((r) => isVal(r.text));
const stats = new Map<string, { n: number; flagged: number; label: number }>();
const confusion = { tp: 0, fn: 0, fp: 0, tn: 0 };
for (const r of val) {
  const src = sourceOf(r.category);
  const p = scoreText(model, r.text).probability;
  const flagged = p >= model.meta.thresholds[src];
  const s = stats.get(r.category) ?? { n: 0, flagged: 0, label: r.label };
  s.n++;
  if (flagged) s.flagged++;
  stats.set(r.category, s);
  confusion[r.label === 1 ? (flagged ? 'tp' : 'fn') : flagged ? 'fp' : 'tn']++;
}
const { tp, fn, fp, tn } = confusion;
const tpr = tp / (tp + fn);
const fpr = fp / (fp + tn);
console.log(
  `validation rows ${val.length}: TPR ${(100 * tpr).toFixed(1)} FPR ${(100 * fpr).toFixed(1)} balanced ${((tpr + 1 - fpr) / 2).toFixed(3)}`,
);
for (const [c, s] of [...stats].sort())
  console.log(
    `${c.padEnd(40)} ${s.label ? 'attack' : 'benign'} n=${s.n} flagged=${((100 * s.flagged) / s.n).toFixed(1)}%`,
  );
