// Trains the prompt-injection classifier and writes src/detect/injection/model/injection-model.{json,bin}.
// Reproducible: fixed seed, fixed calibration fold, deterministic feature hashing. Trains ONLY on
// `split: "train"` rows of the shared dataset plus training/injection/train.jsonl (never on test rows
// or on training/injection/holdout.jsonl).
// Usage: npm run train:injection [-- --dataset <path>]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readLabelledJsonl } from '../src/detect/injection/dataset.js';
import { serializeModel } from '../src/detect/injection/model.js';
import { trainInjectionModel } from '../src/detect/injection/train.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: '../shared/datasets/injection/injection.jsonl' },
    extra: { type: 'string', default: 'training/injection/train.jsonl' },
    out: { type: 'string', default: 'src/detect/injection/model/injection-model' },
    seed: { type: 'string', default: '1' },
  },
});

const shared = readLabelledJsonl(values.dataset).filter((r) => r.split === 'train');
const extra = readLabelledJsonl(values.extra).filter((r) => r.split === 'train');
const started = performance.now();
const model = trainInjectionModel([...shared, ...extra], { seed: Number(values.seed) });
model.meta.training = { ...model.meta.training, sharedTrainRows: shared.length, extraRows: extra.length };
const { json, bin } = serializeModel(model);
writeFileSync(`${values.out}.json`, json);
writeFileSync(`${values.out}.bin`, bin);
console.log(
  `trained on ${shared.length} shared train rows + ${extra.length} synthetic rows in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `platt a=${model.meta.platt.a.toFixed(3)} b=${model.meta.platt.b.toFixed(3)}; wrote ${values.out}.{json,bin} (${bin.byteLength} bytes)`,
);
