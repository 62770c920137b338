/**
 * Detection throughput, per-prompt latency and memory on a long stream. Run: `npm run bench`.
 * Env: BENCH_MB (corpus size for throughput, default 4), BENCH_STREAM_MB (flat-memory stream, default
 * 1024; 0 skips it). With NODE_OPTIONS=--expose-gc the RSS samples follow a full collection.
 * Writes reports/bench-detect.json. On a shared machine, compare the ratios, not the absolute MB/s.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { builtinRecognizers, createScanner, defineRecognizer, type Scanner } from '../src/detect/index.js';
import { piiRecognizers } from '../src/detect/pii/index.js';
import { secretRecognizers } from '../src/detect/secrets/index.js';
import { corpus, prompts } from './detect-corpus.js';

const MB = 1024 * 1024;
const corpusMb = Number(process.env.BENCH_MB ?? 4);
const streamMb = Number(process.env.BENCH_STREAM_MB ?? 1024);

interface Row {
  name: string;
  recognizers: number;
  mbPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  findingsPerMb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Scans every 2 KB prompt once for latency, then the whole corpus as 64 KB chunks for throughput. */
function measure(name: string, scanner: Scanner, text: string): Row {
  const items = prompts(text, 2048);
  for (const p of items.slice(0, 50)) scanner.scan(p); // warm-up: JIT and lazy model loading
  const latencies: number[] = [];
  let findings = 0;
  for (const p of items) {
    const t0 = performance.now();
    findings += scanner.scan(p).length;
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const chunks = prompts(text, 64 * 1024);
  const t0 = performance.now();
  for (const c of chunks) scanner.scan(c);
  const seconds = (performance.now() - t0) / 1000;
  const mb = Buffer.byteLength(text) / MB;
  return {
    name,
    recognizers: scanner.descriptors.length,
    mbPerSecond: mb / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    findingsPerMb: findings / mb,
  };
}

/** Window size for the stream: about what a gateway scans per streamed step. */
const STREAM_CHUNK = 8 * 1024;
/** Characters carried from one window into the next, so a value cut at a boundary is still seen. */
const OVERLAP = 256;

/**
 * Scans a generated stream window by window (each window = the previous one's tail + 8 KB), the
 * way a long input is scanned without holding it; returns RSS samples in MB.
 */
function flatMemory(scanner: Scanner, totalMb: number): { at: string; rssMb: number }[] {
  const block = corpus(MB, 7);
  const samples: { at: string; rssMb: number }[] = [];
  // With NODE_OPTIONS=--expose-gc, sample after a full collection so a leak shows as heap growth.
  const gc = (globalThis as { gc?: () => void }).gc;
  const rss = (): number => {
    gc?.();
    return Math.round(process.memoryUsage().rss / MB);
  };
  samples.push({ at: 'start', rssMb: rss() });
  console.log(`  RSS ${String(samples[0]!.rssMb).padStart(5)} MB  at start`);
  let carry = '';
  let findings = 0;
  for (let i = 0; i < totalMb; i++) {
    // Rotate the 1 MB block so each megabyte of the stream differs at its window edges.
    const shift = (i * 7919) % block.length;
    const megabyte = block.slice(shift) + block.slice(0, shift);
    for (let at = 0; at < megabyte.length; at += STREAM_CHUNK) {
      const window = carry + megabyte.slice(at, at + STREAM_CHUNK);
      findings += scanner.scan(window).length;
      carry = window.slice(-OVERLAP);
    }
    if ((i + 1) % Math.max(1, Math.floor(totalMb / 4)) === 0 && i + 1 < totalMb) {
      samples.push({ at: `${i + 1} MB`, rssMb: rss() });
      console.log(`  RSS ${String(samples.at(-1)!.rssMb).padStart(5)} MB  at ${i + 1} MB`);
    }
  }
  samples.push({ at: `end (${totalMb} MB, ${findings} findings)`, rssMb: rss() });
  console.log(`  RSS ${String(samples.at(-1)!.rssMb).padStart(5)} MB  at ${samples.at(-1)!.at}`);
  return samples;
}

const text = corpus(corpusMb * MB);
const patterns = createScanner({ recognizers: [...piiRecognizers, ...secretRecognizers] });
// A baseline measured in the same run: one lower-casing (done by the engine) and one simple regex pass.
const EMAILISH = /\b[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{2,63}\b/g;
const baseline = createScanner({
  recognizers: [
    defineRecognizer({
      id: 'bench.baseline',
      entities: [{ type: 'EMAIL', category: 'contact', level: 'confidential' }],
      languages: 'any',
      scope: 'span',
      streaming: true,
      patterns: [EMAILISH],
      options: z.object({}),
      mode: 'sync',
      create: () => ({
        scan: (t) =>
          [...t.matchAll(EMAILISH)].map((m) => ({
            type: 'EMAIL',
            start: m.index,
            end: m.index + m[0].length,
            score: 1,
            recognizer: 'bench.baseline',
          })),
      }),
    }),
  ],
});

const rows = [
  measure('baseline (lower-case + 1 regex)', baseline, text),
  measure('(a) pattern PII + secrets', patterns, text),
];
try {
  const everything = createScanner({ recognizers: builtinRecognizers });
  rows.push(measure('(b) everything (+ tagger, injection)', everything, text));
} catch (error) {
  // Report what can be measured; a recogniser that fails to load is named, not hidden.
  console.error(`(b) could not be built: ${error instanceof Error ? error.message : String(error)}`);
}

const fmt = (n: number, d = 2): string => n.toFixed(d).padStart(9);
console.log(`Corpus: ${corpusMb} MB mixed prose/code/config/chat, one core (Node ${process.version}).\n`);
console.log(
  'scanner                                   recognisers      MB/s   p50 ms/2KB   p99 ms/2KB  findings/MB',
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(42)}${String(r.recognizers).padStart(11)}${fmt(r.mbPerSecond)}${fmt(r.p50Ms, 3).padStart(13)}${fmt(r.p99Ms, 3).padStart(13)}${fmt(r.findingsPerMb, 0).padStart(13)}`,
  );
}
const [base, a, b] = rows as [Row, Row, Row | undefined];
console.log(`\nRatios: (a) runs at ${(a.mbPerSecond / base.mbPerSecond).toFixed(3)}× the baseline.`);
if (b) console.log(`        (b) runs at ${(b.mbPerSecond / a.mbPerSecond).toFixed(3)}× (a).`);
console.log('Targets: (a) ≥ 50 MB/s, (b) ≥ 5 MB/s, p50 < 1 ms per 2 KB with everything on.');

let memory: { at: string; rssMb: number }[] = [];
if (streamMb > 0) {
  console.log(`\nFlat memory: scanning a generated ${streamMb} MB stream with (a), 8 KB windows…`);
  memory = flatMemory(patterns, streamMb);
}

// Where the time goes: each recogniser of (b) alone on the first 256 KB, as 2 KB prompts and as
// 64 KB chunks (a large gap between the two means cost grows faster than the text), slowest first.
const sample = text.slice(0, 256 * 1024);
const rate = (scanner: Scanner, parts: readonly string[]): number => {
  const t0 = performance.now();
  for (const p of parts) scanner.scan(p);
  return sample.length / MB / ((performance.now() - t0) / 1000);
};
const profile: { id: string; mbPerSecond2k: number; mbPerSecond64k: number }[] = [];
for (const descriptor of builtinRecognizers.filter((d) => d.optIn !== true && d.mode === 'sync')) {
  try {
    const one = createScanner({ recognizers: [descriptor] });
    for (const p of prompts(text.slice(300 * 1024, 364 * 1024), 2048)) one.scan(p); // warm-up
    profile.push({
      id: descriptor.id,
      mbPerSecond2k: rate(one, prompts(sample, 2048)),
      mbPerSecond64k: rate(one, prompts(sample, 64 * 1024)),
    });
  } catch {
    profile.push({ id: `${descriptor.id} (failed to load)`, mbPerSecond2k: 0, mbPerSecond64k: 0 });
  }
}
profile.sort(
  (x, y) => Math.min(x.mbPerSecond2k, x.mbPerSecond64k) - Math.min(y.mbPerSecond2k, y.mbPerSecond64k),
);
console.log('\nSlowest recognisers alone (MB/s on 256 KB):          2 KB prompts  64 KB chunks');
for (const p of profile.slice(0, 10)) {
  console.log(
    `  ${p.id.padEnd(48)}${fmt(p.mbPerSecond2k).padStart(13)}${fmt(p.mbPerSecond64k).padStart(14)}`,
  );
}

const out = resolve(import.meta.dirname, '..', 'reports');
await mkdir(out, { recursive: true });
await writeFile(
  resolve(out, 'bench-detect.json'),
  JSON.stringify({ node: process.version, corpusMb, streamMb, rows, memory, profile }, null, 2) + '\n',
);
console.log(`\nWrote ${resolve(out, 'bench-detect.json')}`);
