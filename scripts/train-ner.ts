/**
 * Trains the NER tagger reproducibly: gazetteer from faker, corpus from templates (fixed seed),
 * averaged perceptron, confidences Platt-calibrated on the dev split. Writes src/detect/ner/model/*.bin
 * and prints dev-split numbers. Never reads synth_dataset_v2.json (evaluation only).
 *
 *   npm run train:ner [-- --epochs 12 --bits 16 --fills 80 --seed 7 --dry-run --holdout-only]
 *   npm run train:ner -- --speed     (measures the committed model instead of training)
 *
 * The shipped model is then retrained on train + dev with the same settings and keeps the dev-fitted
 * temperature and calibration; the printed numbers are from the held-out run.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bioTags } from '../src/detect/ner/bio.ts';
import { extractFeatures } from '../src/detect/ner/features.ts';
import { compileGazetteer, type Gazetteer } from '../src/detect/ner/gazetteer.ts';
import { NER_TYPES } from '../src/detect/ner/labels.ts';
import { serializeModel, type NerModel } from '../src/detect/ner/model.ts';
import { tagText, type TaggedSpan } from '../src/detect/ner/tagger.ts';
import { trainPerceptron, type TrainingExample } from '../src/detect/ner/train.ts';
import { tokenize } from '../src/detect/ner/tokenize.ts';
import { buildGazetteer } from '../training/ner/build-gazetteer.ts';
import { generateCorpus, type Sentence } from '../training/ner/generate.ts';
import { measureSpeed } from '../training/ner/speed.ts';
import { addCounts, formatTable, matchSpans, type Counts } from '../training/ner/metrics.ts';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '12' },
    bits: { type: 'string', default: '16' },
    fills: { type: 'string', default: '80' },
    seed: { type: 'string', default: '7' },
    'dry-run': { type: 'boolean', default: false },
    'holdout-only': { type: 'boolean', default: false },
    speed: { type: 'boolean', default: false },
  },
});
const epochs = Number(args.epochs);
const bits = Number(args.bits);
const seed = Number(args.seed);
const MODEL_DIR = new URL('../src/detect/ner/model/', import.meta.url);
const PRESIDIO = '/work/shared/datasets/pii/presidio-synth/generated_large.json';

function examples(sentences: readonly Sentence[], gazetteer: Gazetteer): TrainingExample[] {
  return sentences.map((s) => {
    const tokens = tokenize(s.text);
    return { features: extractFeatures(tokens, gazetteer, bits), tags: bioTags(tokens, s.spans) };
  });
}

function evaluate(
  sentences: readonly Sentence[],
  predictions: readonly TaggedSpan[][],
  minScore: number,
  exact: boolean,
): Map<string, Counts> {
  const byType = new Map<string, Counts>();
  sentences.forEach((s, i) =>
    addCounts(
      byType,
      s.spans,
      predictions[i]!.filter((p) => p.score >= minScore),
      exact,
    ),
  );
  return byType;
}

/** Fits sigmoid(a·x + b) to 0/1 outcomes by Newton's method on the log loss; returns the fit and its loss. */
function plattFit(xs: readonly number[], ys: readonly number[]): { a: number; b: number; loss: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    // A small ridge keeps Newton's method finite when the spans are (almost) separable.
    let [ga, gb, haa, hab, hbb] = [1e-2 * (a - 1), 1e-2 * b, 1e-2, 0, 1e-2];
    xs.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const r = p - ys[i]!;
      const w = p * (1 - p);
      ga += r * x;
      gb += r;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    a -= (hbb * ga - hab * gb) / det;
    b -= (haa * gb - hab * ga) / det;
  }
  let loss = 0;
  xs.forEach((x, i) => {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, 1 / (1 + Math.exp(-(a * x + b)))));
    loss -= ys[i] ? Math.log(p) : Math.log(1 - p);
  });
  return { a, b, loss };
}

/**
 * Calibration on the dev split: for each marginal temperature, Platt-scale each type's spans
 * (x = logit of the span's mean marginal, y = span correct at IoU >= 0.5); keep the temperature
 * with the lowest total log loss.
 */
function calibrateOnDev(model: NerModel, dev: readonly Sentence[], gazetteer: Gazetteer): void {
  let best: { t: number; loss: number; fits: Array<{ a: number; b: number }> } = {
    t: 1,
    loss: Infinity,
    fits: [],
  };
  for (const t of [4, 8, 16, 32, 64]) {
    model.temperature = t;
    const xs = NER_TYPES.map((): number[] => []);
    const ys = NER_TYPES.map((): number[] => []);
    for (const s of dev) {
      const predicted = tagText(s.text, { model, gazetteer });
      const correct = matchSpans(s.spans, predicted, false);
      predicted.forEach((p, i) => {
        const k = NER_TYPES.indexOf(p.type);
        const m = Math.min(1 - 1e-6, Math.max(1e-6, p.marginal));
        xs[k]!.push(Math.log(m / (1 - m)));
        ys[k]!.push(correct[i] ? 1 : 0);
      });
    }
    const fits = NER_TYPES.map((_, k) => plattFit(xs[k]!, ys[k]!));
    const spans = xs.reduce((n, x) => n + x.length, 0);
    const loss = fits.reduce((sum, f) => sum + f.loss, 0) / Math.max(1, spans);
    console.log(`  T=${t}: mean log loss ${loss.toFixed(4)} over ${spans} dev spans`);
    if (loss < best.loss) best = { t, loss, fits: fits.map(({ a, b }) => ({ a, b })) };
  }
  model.temperature = best.t;
  model.calibration = best.fits;
  console.log(
    `  chose T=${best.t}; ${NER_TYPES.map((t, k) => `${t} a=${best.fits[k]!.a.toFixed(2)} b=${best.fits[k]!.b.toFixed(2)}`).join(', ')}`,
  );
}

if (args.speed) {
  console.log(measureSpeed(PRESIDIO));
  process.exit(0);
}

const started = Date.now();
const gazetteerData = buildGazetteer();
const gazetteerBin = gzipSync(Buffer.from(JSON.stringify(gazetteerData)), { level: 9 });
const gazetteer = compileGazetteer(gazetteerData);
const corpus = generateCorpus({ presidioPath: PRESIDIO, seed, fillsPerTemplate: Number(args.fills) });
console.log(`corpus: ${corpus.train.length} train, ${corpus.dev.length} dev sentences (seed ${seed})`);
const model = trainPerceptron(examples(corpus.train, gazetteer), {
  bits,
  epochs,
  seed,
  onEpoch: (e, errors) => console.log(`  epoch ${e}: ${errors} token errors`),
});
calibrateOnDev(model, corpus.dev, gazetteer);
const predictions = corpus.dev.map((s) => tagText(s.text, { model, gazetteer }));
console.log('\ndev split, IoU >= 0.5, every decoded span:');
console.log(formatTable(evaluate(corpus.dev, predictions, 0, false)));
console.log('\ndev split, IoU >= 0.5, score >= 0.5:');
console.log(formatTable(evaluate(corpus.dev, predictions, 0.5, false)));
console.log('\ndev split, exact spans, score >= 0.5:');
console.log(formatTable(evaluate(corpus.dev, predictions, 0.5, true)));
let shipped = model;
if (!args['holdout-only']) {
  console.log(
    `\nretraining on train + dev (${corpus.train.length + corpus.dev.length} sentences) for the shipped model`,
  );
  shipped = trainPerceptron(examples([...corpus.train, ...corpus.dev], gazetteer), { bits, epochs, seed });
  shipped.temperature = model.temperature;
  shipped.calibration = model.calibration;
}
const weights = serializeModel(shipped);
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex').slice(0, 16);
console.log(`\nweights.bin ${(weights.length / 1024).toFixed(0)} KiB sha256:${sha(weights)}`);
console.log(`gazetteer.bin ${(gazetteerBin.length / 1024).toFixed(0)} KiB sha256:${sha(gazetteerBin)}`);
if (!args['dry-run']) {
  mkdirSync(MODEL_DIR, { recursive: true });
  writeFileSync(new URL('weights.bin', MODEL_DIR), weights);
  writeFileSync(new URL('gazetteer.bin', MODEL_DIR), gazetteerBin);
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
