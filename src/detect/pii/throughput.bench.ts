/**
 * Throughput of the pattern PII recognisers on two corpora: 'prompts' (the texts of the shared
 * injection set: chat prompts, documents, e-mails, code; little PII) and 'pii-dense' (Presidio's
 * generated_large sentences, nearly every one carrying PII). Measured in CPU time of this process.
 * Run: `npx tsx src/detect/pii/throughput.bench.ts [MB]`.
 */
import { readFileSync } from 'node:fs';
import { createScanner } from '../engine.js';
import { piiRecognizers } from './index.js';

const DATASETS = new URL('../../../../shared/datasets/', import.meta.url);
const megabytes = Number(process.argv[2] ?? 2);

function repeatTo(pieces: readonly string[], targetBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const piece = pieces[i % pieces.length]!;
    parts.push(piece);
    size += piece.length + 1;
  }
  return parts.join('\n');
}

const prompts = readFileSync(new URL('injection/injection.jsonl', DATASETS), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
const sentences = (
  JSON.parse(readFileSync(new URL('pii/presidio-synth/generated_large.json', DATASETS), 'utf8')) as Array<{
    full_text: string;
  }>
).map((row) => row.full_text);

// CPU time, not wall time: the machine is shared, and waiting for a core is not our cost.
function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const scanner = createScanner({ recognizers: piiRecognizers });
for (const [name, pieces] of [
  ['prompts', prompts],
  ['pii-dense', sentences],
] as const) {
  const text = repeatTo(pieces, megabytes * 1024 * 1024);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 2048) chunks.push(text.slice(i, i + 2048));
  for (const chunk of chunks.slice(0, 200)) scanner.scan(chunk); // warm-up: JIT and lazy metadata
  let findings = 0;
  const ms = cpuMs(() => {
    for (const chunk of chunks) findings += scanner.scan(chunk).length;
  });
  const mb = Buffer.byteLength(text) / 1e6;
  console.log(
    `${name.padEnd(9)} ${mb.toFixed(1)} MB in 2 KB chunks: ${(mb / (ms / 1000)).toFixed(1)} MB/s, ` +
      `${((ms * 1000) / chunks.length).toFixed(0)} µs per chunk, ${findings} findings`,
  );
}
