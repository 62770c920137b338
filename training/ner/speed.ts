/**
 * Measures the NER tagger alone: MB/s on one core and per-2 KB-prompt latency, in CPU time
 * (process.cpuUsage), so a busy shared machine skews it less than wall-clock time would.
 * Text: generated_large.json sentences joined with newlines.  Run: npm run train:ner -- --speed
 */
import { readFileSync } from 'node:fs';
import { createNerTagger } from '../../src/detect/ner/tagger.ts';

/** Returns a one-line summary of the committed model's speed. */
export function measureSpeed(presidioPath: string): string {
  const records = JSON.parse(readFileSync(presidioPath, 'utf8')) as Array<{ full_text: string }>;
  const corpus = records.map((r) => r.full_text).join('\n');
  const prompts: string[] = [];
  for (let i = 0; i + 2048 <= corpus.length; i += 2048) prompts.push(corpus.slice(i, i + 2048));
  const tagger = createNerTagger();
  const ctx = { lower: '', language: 'en', source: 'trusted' as const };
  for (const p of prompts.slice(0, 100)) tagger.scan(p, ctx);

  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
  };
  const times: number[] = [];
  let bytes = 0;
  const start = process.cpuUsage();
  for (let round = 0; round < 3; round++)
    for (const p of prompts) {
      const s = process.cpuUsage();
      tagger.scan(p, ctx);
      times.push(cpuMs(s));
      bytes += Buffer.byteLength(p);
    }
  const total = cpuMs(start) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number): string =>
    times[Math.min(times.length - 1, Math.floor(times.length * q))]!.toFixed(3);
  const rate = (bytes / 1e6 / total).toFixed(2);
  return `ner.tagger: ${rate} MB/s (CPU time, one core); 2 KB prompt p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; ${times.length} prompts`;
}
