/**
 * Dataset pipeline benchmark: generates realistic support-ticket JSONL with planted PII and secrets,
 * then measures `scan` (patterns only, and everything on) and `sanitize` throughput and peak RSS on
 * this machine, and the recall of planted values after sanitize (none may survive in the output).
 * Each measurement runs the built CLI (`bulwark scan`, `bulwark sanitize`) in a process of its own,
 * so MB/s is what a user sees (start-up included) and the peak RSS is that command's alone.
 *
 *   npm run bench:datasets -- [--size-mb 1024] [--workers N] [--dir DIR]
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '1024' },
    workers: { type: 'string', default: String(availableParallelism()) },
    dir: { type: 'string', default: join(tmpdir(), 'bulwark-bench-datasets') },
  },
});
const sizeBytes = Number(args['size-mb']) * 1024 * 1024;
const workers = Number(args.workers);
const dir = args.dir;
mkdirSync(dir, { recursive: true });

// A deterministic PRNG so the corpus is the same run to run.
let state = 0x2545f491;
const rand = (): number =>
  (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
const alnum = (n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'): string =>
  Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');

function luhnCard(): string {
  const body = '4' + digits(14);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`.replace(/(\d{4})(?=\d)/g, '$1 ');
}

const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jana', 'Kofi', 'Lena'];
const LAST = ['Lopez', 'Berg', 'Wang', 'Okafor', 'Novak', 'Haddad', 'Silva', 'Kowalski', 'Moreau', 'Tanaka'];
const FILLER = [
  'The order arrived two days late and the box was damaged on one corner.',
  'I would like to change the delivery address for my next subscription box.',
  'Could you explain why the invoice shows a different amount than the checkout page?',
  'The app logs me out every time I switch between the settings and the orders tab.',
  'Thanks for the quick reply yesterday, the replacement works as expected.',
  'Our team needs three more seats on the business plan starting next month.',
];

type Planted = { id?: number; kind: string; value: string };
function plant(): Planted {
  const first = pick(FIRST);
  const last = pick(LAST);
  switch (Math.floor(rand() * 6)) {
    case 0:
      return { kind: 'EMAIL', value: `${first.toLowerCase()}.${last.toLowerCase()}${digits(3)}@example.com` };
    case 1:
      return { kind: 'PHONE', value: `+1 415 555 ${digits(4)}` };
    case 2:
      return { kind: 'CREDIT_CARD', value: luhnCard() };
    case 3:
      return {
        kind: 'US_SSN',
        value: `${pick(['123', '234', '345', '456'])}-${pick(['12', '34', '56'])}-${digits(4).replace(/^0/, '1')}`,
      };
    case 4:
      return { kind: 'AWS_ACCESS_KEY', value: `AKIA${alnum(16)}` };
    default:
      return {
        kind: 'GITHUB_TOKEN',
        value: `ghp_${alnum(36, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      };
  }
}

async function generate(path: string): Promise<number> {
  const out = createWriteStream(path);
  const plantedPath = `${path}.planted`;
  const planted = createWriteStream(plantedPath);
  let bytes = 0;
  let count = 0;
  for (let id = 0; bytes < sizeBytes; id++) {
    const p = rand() < 0.3 ? plant() : undefined;
    const body = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(FILLER)).join(' ');
    const text = p
      ? `${body} ${p.kind === 'AWS_ACCESS_KEY' || p.kind === 'GITHUB_TOKEN' ? `Here is the key I used: ${p.value}` : `You can reach me at ${p.value}.`}`
      : body;
    const line =
      JSON.stringify({
        id,
        channel: pick(['email', 'chat', 'phone']),
        messages: [{ role: 'user', content: text }],
      }) + '\n';
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
    if (p) {
      if (!planted.write(JSON.stringify({ id, ...p }) + '\n')) await once(planted, 'drain');
      count++;
    }
  }
  out.end();
  planted.end();
  await Promise.all([once(out, 'finish'), once(planted, 'finish')]);
  return count;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
const input = join(dir, 'tickets.jsonl');
const out = join(dir, 'tickets.sanitized.jsonl');

const CLI = resolve(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const PRELOAD = pathToFileURL(resolve(import.meta.dirname, 'peak-rss.mjs')).href;
const policyFile = join(dir, 'policy.yaml');
const reportFile = join(dir, 'report.json');

/** The CLI commands measured, as a user runs them (the built package, not the sources). */
const PHASES = {
  'scan (patterns)': ['scan', input, '--fast', '--report', reportFile],
  'scan (everything)': ['scan', input, '--report', reportFile],
  sanitize: ['sanitize', input, '--out', out, '--policy', policyFile],
};
type Phase = keyof typeof PHASES;

/** Runs one CLI command in its own process: wall-clock MB/s (start-up included) and its own peak RSS. */
function runPhase(phase: Phase): { mbPerSecond: number; peakRssMB: number } {
  const rssFile = join(dir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--import', PRELOAD, CLI, ...PHASES[phase], '--workers', String(workers)],
    // Run from the data directory so no bulwark.yaml of the checkout applies.
    { cwd: dir, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`${phase} exited with status ${child.status}`);
  return {
    mbPerSecond: statSync(input).size / 1e6 / seconds,
    peakRssMB: Number(readFileSync(rssFile, 'utf8')),
  };
}

console.log(`generating ~${args['size-mb']} MB of tickets in ${dir} ...`);
const plantedCount = await generate(input);
const inputBytes = statSync(input).size;
console.log(`${mb(inputBytes)} MB, ${plantedCount} planted values; ${workers} workers\n`);

const results: Record<string, unknown> = { inputMB: inputBytes / 1e6, planted: plantedCount, workers };
for (const name of ['scan (patterns)', 'scan (everything)'] as const) {
  const r = runPhase(name);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { recordsWithFindings: number };
  console.log(
    `${name.padEnd(18)} ${r.mbPerSecond.toFixed(1).padStart(7)} MB/s   peak RSS ${r.peakRssMB.toFixed(0)} MB   ${report.recordsWithFindings} records with findings`,
  );
  results[name] = { ...r, recordsWithFindings: report.recordsWithFindings };
}

writeFileSync(policyFile, 'default: redact\n');
const sanitized = runPhase('sanitize');
const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as {
  residual: { leftover: Record<string, number> };
};

// Recall after sanitize: a planted value counts as caught when its record in the output no longer holds it.
const survivors = new Map<string, number>();
const planted: Planted[] = readFileSync(`${input}.planted`, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Planted);
const byId = new Map(planted.map((p) => [p.id, p]));
for await (const line of createInterface({ input: createReadStream(out) })) {
  const p = byId.get((JSON.parse(line) as { id: number }).id);
  if (p && line.includes(p.value)) survivors.set(p.kind, (survivors.get(p.kind) ?? 0) + 1);
}
const recall = 1 - [...survivors.values()].reduce((a, b) => a + b, 0) / planted.length;
console.log(
  `sanitize (redact)  ${sanitized.mbPerSecond.toFixed(1).padStart(7)} MB/s   peak RSS ${sanitized.peakRssMB.toFixed(0)} MB   recall of planted values ${recall.toFixed(4)}`,
);
if (survivors.size > 0) console.log('  survived:', Object.fromEntries(survivors));
console.log(`  residual leftovers by type: ${JSON.stringify(manifest.residual.leftover)}`);
results.sanitize = {
  mbPerSecond: sanitized.mbPerSecond,
  peakRssMB: sanitized.peakRssMB,
  recall,
  survived: Object.fromEntries(survivors),
};

mkdirSync('reports', { recursive: true });
writeFileSync('reports/bench-datasets.json', JSON.stringify(results, null, 2));
rmSync(out, { force: true });
rmSync(`${out}.manifest.json`, { force: true });
