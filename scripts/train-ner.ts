/**
 * Trains the NER tagger reproducibly: gazetteer from faker, corpus from templates (fixed seed),
 * averaged perceptron, confidences Platt-calibrated on the dev split. Writes src/detect/ner/model/*.bin
 * and prints dev-split numbers. Never reads synth_dataset_v2.json (evaluation only).
 *
 *   npm run train:ner [-- --epochs 8 --bits 18 --fills 40 --seed 7 --dry-run]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bioTags } from '../src/detect/ner/bio.ts';
import { extractFeatures } from '../src/detect/ner/features.ts';
import { compileGazetteer, type Gazetteer } from '../src/detect/ner/gazetteer.ts';
import { serializeModel, type NerModel } from '../src/detect/ner/model.ts';
import { tagText, type TaggedSpan } from '../src/detect/ner/tagger.ts';
import { trainPerceptron, type TrainingExample } from '../src/detect/ner/train.ts';
import { tokenize } from '../src/detect/ner/tokenize.ts';
import { buildGazetteer } from '../training/ner/build-gazetteer.ts';
import { generateCorpus, type Sentence } from '../training/ner/generate.ts';
import { addCounts, formatTable, matchSpans, type Counts } from '../training/ner/metrics.ts';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '8' },
    bits: { type: 'string', default: '18' },
    fills: { type: 'string', default: '40' },
    seed: { type: 'string', default: '7' },
    'dry-run': { type: 'boolean', default: false },
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

/**
 * Platt scaling on the dev split: fits confidence = sigmoid(a · logit(mean marginal) + b) to whether
 * each predicted span is correct (IoU >= 0.5, same type), by Newton's method on the log loss.
 */
function fitCalibration(
  model: NerModel,
  dev: readonly Sentence[],
  gazetteer: Gazetteer,
): { a: number; b: number; loss: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of dev) {
    const predicted = tagText(s.text, { model, gazetteer });
    const correct = matchSpans(s.spans, predicted, false);
    predicted.forEach((p, i) => {
      const m = Math.min(1 - 1e-6, Math.max(1e-6, p.marginal));
      xs.push(Math.log(m / (1 - m)));
      ys.push(correct[i] ? 1 : 0);
    });
  }
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    // A small ridge keeps Newton's method finite when the spans are (almost) separable.
    let ga = 1e-3 * a,
      gb = 0,
      haa = 1e-3,
      hab = 0,
      hbb = 1e-6;
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
  loss /= Math.max(1, xs.length);
  console.log(
    `  T=${model.temperature}: ${xs.length} dev spans, ${ys.filter(Boolean).length} correct, a=${a.toFixed(3)} b=${b.toFixed(3)} log loss ${loss.toFixed(4)}`,
  );
  return { a, b, loss };
}

/** Chooses the marginal temperature and Platt parameters with the lowest dev log loss. */
function calibrateOnDev(model: NerModel, dev: readonly Sentence[], gazetteer: Gazetteer): void {
  let best = { t: 1, a: 1, b: 0, loss: Infinity };
  for (const t of [2, 4, 8, 16, 32]) {
    model.temperature = t;
    const fit = fitCalibration(model, dev, gazetteer);
    if (fit.loss < best.loss) best = { t, ...fit };
  }
  model.temperature = best.t;
  model.calibration = { a: best.a, b: best.b };
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
const weights = serializeModel(model);
const predictions = corpus.dev.map((s) => tagText(s.text, { model, gazetteer }));
console.log('\ndev split, IoU >= 0.5, every decoded span:');
console.log(formatTable(evaluate(corpus.dev, predictions, 0, false)));
console.log('\ndev split, IoU >= 0.5, score >= 0.5:');
console.log(formatTable(evaluate(corpus.dev, predictions, 0.5, false)));
console.log('\ndev split, exact spans, score >= 0.5:');
console.log(formatTable(evaluate(corpus.dev, predictions, 0.5, true)));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex').slice(0, 16);
console.log(`\nweights.bin ${(weights.length / 1024).toFixed(0)} KiB sha256:${sha(weights)}`);
console.log(`gazetteer.bin ${(gazetteerBin.length / 1024).toFixed(0)} KiB sha256:${sha(gazetteerBin)}`);
if (!args['dry-run']) {
  mkdirSync(MODEL_DIR, { recursive: true });
  writeFileSync(new URL('weights.bin', MODEL_DIR), weights);
  writeFileSync(new URL('gazetteer.bin', MODEL_DIR), gazetteerBin);
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
