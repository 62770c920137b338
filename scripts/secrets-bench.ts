/**
 * Throughput of the secret recogniser (alone, and with the pattern PII recognisers) on a few MB of
 * realistic mixed text: this repository's code, docs, lockfile and configs, with a few planted secrets.
 *
 *   npx tsx scripts/secrets-bench.ts [megabytes=4] [chunkKB=16]
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createScanner } from '../src/detect/engine.js';
import { piiRecognizers } from '../src/detect/pii/index.js';
import { secretRecognizers } from '../src/detect/secrets/index.js';

const megabytes = Number(process.argv[2] ?? 4);
const chunk = Number(process.argv[3] ?? 16) * 1024;

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.(ts|md|json|ya?ml|toml|txt|sh)$/.test(name) && statSync(path).size < 2_000_000)
      out.push(path);
  }
  return out;
}

const sources = files('.').map((f) => readFileSync(f, 'utf8'));
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n: number): string => Array.from(randomBytes(n), (b) => alnum[b % alnum.length]).join('');
let corpus = '';
let planted = 0;
for (let i = 0; corpus.length < megabytes * 1e6; i++) {
  corpus += sources[i % sources.length] ?? '';
  if (i % 25 === 0) {
    corpus += `\nexport GITHUB_TOKEN=ghp_${token(36)}\nDATABASE_URL=postgres://app:${token(16)}@db:5432/app\n`;
    planted += 2;
  }
}
const bytes = Buffer.byteLength(corpus);

function measure(label: string, recognizers: Parameters<typeof createScanner>[0]['recognizers']): void {
  const scanner = createScanner({ recognizers });
  for (let at = 0; at < 200_000; at += chunk) scanner.scan(corpus.slice(at, at + chunk)); // warm-up
  let findings = 0;
  const started = performance.now();
  for (let at = 0; at < corpus.length; at += chunk)
    findings += scanner.scan(corpus.slice(at, at + chunk)).length;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(24)} ${(bytes / 1e6 / seconds).toFixed(1).padStart(7)} MB/s  ${findings} findings`,
  );
}

// The machine is shared: a bare character loop over the same text says how fast this core is right now.
function calibrate(): number {
  let sum = 0;
  const started = performance.now();
  for (let round = 0; round < 3; round++) for (let i = 0; i < corpus.length; i++) sum += corpus.charCodeAt(i);
  const seconds = (performance.now() - started) / 1000;
  if (sum < 0) console.log(sum);
  return (3 * bytes) / 1e6 / seconds;
}

console.log(
  `corpus: ${(bytes / 1e6).toFixed(1)} MB from ${sources.length} repo files, ${planted} planted secrets, ${chunk / 1024} KB chunks`,
);
console.log(`bare charCodeAt loop       ${calibrate().toFixed(1).padStart(7)} MB/s  (machine speed now)`);
measure('secrets', secretRecognizers);
measure('pattern PII + secrets', [...piiRecognizers, ...secretRecognizers]);
console.log(`bare charCodeAt loop       ${calibrate().toFixed(1).padStart(7)} MB/s  (machine speed now)`);
