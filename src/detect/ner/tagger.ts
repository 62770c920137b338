import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Finding } from '../../core/index.js';
import { honorificAt } from '../honorifics.js';
import type { Recognizer, ScanContext } from '../recognizer.js';
import { scoreTokens } from './features.js';
import { compileGazetteer, type Gazetteer, type GazetteerData } from './gazetteer.js';
import { isBegin, typeOfTag } from './labels.js';
import {
  calibrate,
  decodeTables,
  deserializeModel,
  marginals,
  viterbi,
  type DecodeTables,
  type NerModel,
} from './model.js';
import { tokenize, type Token } from './tokenize.js';

/** A span the model tagged: character offsets, calibrated confidence and the raw mean marginal. */
export interface TaggedSpan {
  type: string;
  start: number;
  end: number;
  score: number;
  marginal: number;
}

export interface NerTaggerOptions {
  /** Emit only these types (default: all the model knows). */
  types?: readonly string[];
}

/** The trained model and its gazetteer, loaded together. */
export interface NerResources {
  model: NerModel;
  gazetteer: Gazetteer;
}

// Long texts are decoded in sentence-sized pieces so memory stays bounded; the cap is a hard limit.
const SOFT_SEGMENT = 48;
const HARD_SEGMENT = 400;

/** Splits token indices into segments, preferring sentence ends. */
function segments(tokens: readonly Token[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    const end = t === '.' || t === '!' || t === '?';
    if ((end && i + 1 - from >= SOFT_SEGMENT) || i + 1 - from >= HARD_SEGMENT) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  }
  if (from < tokens.length) out.push([from, tokens.length]);
  return out;
}

// Decoding tables per model; a model is not changed after it is loaded (training decodes without these).
const tablesOf = new WeakMap<NerModel, DecodeTables>();

/** Tags a text: tokenise, decode each segment with Viterbi, score spans by their calibrated mean marginal. */
export function tagText(text: string, resources: NerResources): TaggedSpan[] {
  const { model, gazetteer } = resources;
  let tables = tablesOf.get(model);
  if (!tables || tables.temperature !== model.temperature)
    tablesOf.set(model, (tables = decodeTables(model)));
  const tokens = tokenize(text);
  const spans: TaggedSpan[] = [];
  for (const [from, to] of segments(tokens)) {
    const piece = tokens.slice(from, to);
    const scores = scoreTokens(model, piece, gazetteer);
    const path = viterbi(model, scores, tables);
    if (path.every((t) => t === 0)) continue;
    const probs = marginals(model, scores, tables);
    const T = model.tags;
    for (let i = 0; i < path.length;) {
      const tag = path[i]!;
      if (tag === 0) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < path.length && path[j] === (isBegin(tag) ? tag + 1 : tag)) j++;
      let sum = 0;
      for (let k = i; k < j; k++) sum += probs[k * T + path[k]!]!;
      spans.push({
        type: typeOfTag(tag),
        start: piece[i]!.start,
        end: piece[j - 1]!.end,
        score: Math.round(calibrate(model, typeOfTag(tag), sum / (j - i)) * 1000) / 1000,
        marginal: sum / (j - i),
      });
      i = j;
    }
  }
  return spans;
}

/** Parses the committed gazetteer file (gzipped JSON). */
export function parseGazetteer(data: Uint8Array): GazetteerData {
  return JSON.parse(gunzipSync(data).toString('utf8')) as GazetteerData;
}

let cached: NerResources | undefined;

/** Loads the committed model and gazetteer once (they sit beside this file in src/ and dist/). */
export function loadDefaultResources(): NerResources {
  cached ??= {
    model: deserializeModel(readFileSync(new URL('./model/weights.bin', import.meta.url))),
    gazetteer: compileGazetteer(
      parseGazetteer(readFileSync(new URL('./model/gazetteer.bin', import.meta.url))),
    ),
  };
  return cached;
}

/** A recogniser over the given (or the committed) model. */
export function createNerTagger(options: NerTaggerOptions = {}, resources?: NerResources): Recognizer {
  const loaded = resources ?? loadDefaultResources();
  const wanted = options.types ? new Set(options.types) : undefined;
  return {
    scan(text: string, ctx?: ScanContext): Finding[] {
      const findings: Finding[] = [];
      for (const s of tagText(text, loaded)) {
        if (wanted && !wanted.has(s.type)) continue;
        const start = s.type === 'PERSON' ? nameStart(text, s.start, s.end, ctx?.language) : s.start;
        if (start >= s.end) continue;
        findings.push({ type: s.type, start, end: s.end, score: s.score, recognizer: 'ner.tagger' });
      }
      return findings;
    },
  };
}

/**
 * Where the name in a PERSON span starts once leading honorifics are cut off: 'Mr. ' is a TITLE
 * (`pii.title`), and a span that is only an honorific ('Ms.' of 'Ms. Lee') is no name at all.
 */
function nameStart(text: string, start: number, end: number, language: string | undefined): number {
  while (start < end) {
    const honorific = honorificAt(text, start, language);
    if (honorific === undefined) break;
    start = honorific.end;
    while (start < end && /\s/.test(text[start]!)) start++;
  }
  return start;
}
