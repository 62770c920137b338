import { readFileSync } from 'node:fs';
import { loadDefaultResources } from '../../src/detect/ner/tagger.ts';
import { tokenize } from '../../src/detect/ner/tokenize.ts';
import { extractFeatures } from '../../src/detect/ner/features.ts';
import { emissions, viterbi, marginals } from '../../src/detect/ner/model.ts';
const records = JSON.parse(
  readFileSync('/work/shared/datasets/pii/presidio-synth/generated_large.json', 'utf8'),
) as Array<{ full_text: string }>;
const text = records
  .map((r) => r.full_text)
  .join('\n')
  .slice(0, 2048);
const { model, gazetteer } = loadDefaultResources();
const time = (name: string, f: () => unknown) => {
  for (let i = 0; i < 20; i++) f();
  const s = process.cpuUsage();
  for (let i = 0; i < 100; i++) f();
  const u = process.cpuUsage(s);
  console.log(name, ((u.user + u.system) / 1000 / 100).toFixed(3), 'ms cpu');
};
const tokens = tokenize(text);
console.log('tokens', tokens.length);
time('tokenize', () => tokenize(text));
time('phrase', () => gazetteer.phraseMasks(tokens.map((t) => t.text.toLowerCase())));
time('features', () => extractFeatures(tokens, gazetteer, model.bits));
const f = extractFeatures(tokens, gazetteer, model.bits);
time('emissions', () => emissions(model, f));
const sc = emissions(model, f);
time('viterbi', () => viterbi(model, sc));
time('marginals', () => marginals(model, sc));
