/**
 * Replays 48 hours of synthetic gateway traffic (many principals, daily rhythms, noise) with scripted
 * abuse episodes of every family, in accelerated time, through the monitor's detectors (not HTTP).
 * Prints per family: episodes detected, median requests and seconds to detection, false alerts per
 * 10,000 benign requests, µs per request. Writes reports/sim-monitor.json.
 * Run: npm run sim:monitor [-- --seed N --hours H --principals P]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createMonitor } from '../src/monitor/monitor.js';
import { promptSketch } from '../src/monitor/sketch.js';
import type { MonitorEvent, Signal } from '../src/monitor/types.js';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    hours: { type: 'string', default: '48' },
    principals: { type: 'string', default: '200' },
    episodes: { type: 'string', default: '20' },
  },
});
const HOUR = 3_600_000;
const HOURS = Number(args.hours);
const PRINCIPALS = Number(args.principals);
const EPISODES = Number(args.episodes);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(Number(args.seed));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const expo = (mean: number): number => -Math.log(1 - rand()) * mean;

const WORDS = (
  'the a report customer invoice order please summarize explain write code function error table data ' +
  'meeting schedule email draft review contract policy update release notes python typescript query ' +
  'database index performance memory latency budget forecast quarter sales region product feature bug ' +
  'test deploy server client request response cache config user account login payment refund shipping ' +
  'translate french german spanish tone formal short long list steps plan design architecture diagram'
).split(' ');
function words(n: number, r: () => number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)] as string);
  return out.join(' ');
}

type Family = 'injection' | 'probing' | 'volume' | 'spread' | 'key-misuse' | 'insider' | 'upstream';
const FAMILIES: readonly Family[] = [
  'injection',
  'probing',
  'volume',
  'spread',
  'key-misuse',
  'insider',
  'upstream',
];

interface Principal {
  id: string;
  key: string;
  tenant: string;
  sources: string[];
  perHour: number;
  peakHour: number;
  width: number;
  restrictedRate: number;
  longPrompts: boolean;
}
interface SimEvent {
  event: Omit<MonitorEvent, 'sketch'>;
  /** Seed for the prompt text, generated at replay (keeps memory small). */
  text: { seed: number; words: number; probe?: string };
  episode?: number;
}
interface Episode {
  family: Family;
  start: number;
  subject: string;
  /** Other subjects a signal about this episode may name (the tenant of a spread burst). */
  also?: string[];
  requests: number;
  detectedAt?: number;
  requestsToDetection?: number;
}

const principals: Principal[] = [];
for (let i = 0; i < PRINCIPALS; i++) {
  principals.push({
    id: `p${i}`,
    key: `k${i}`,
    tenant: '',
    sources: Array.from({ length: int(1, 3) }, () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`),
    perHour: 2 + expo(20),
    peakHour: rand() < 0.8 ? int(8, 17) : int(0, 23),
    width: 2 + rand() * 4,
    restrictedRate: rand() < 0.2 ? rand() * 0.8 : 0,
    longPrompts: rand() < 0.15,
  });
}
// Tenants and shared office addresses come from a second generator, so every event the first one
// draws is the same as before they existed (results stay comparable across versions for a seed).
const rand2 = mulberry32(Number(args.seed) ^ 0x9e3779b9);
const int2 = (lo: number, hi: number): number => lo + Math.floor(rand2() * (hi - lo + 1));
const TENANTS = 12;
const office = (tenant: string): string => `192.168.${tenant.slice(1)}.1`;
for (const p of principals) {
  // Skewed sizes: a few big tenants, many small ones; 40% of principals call from their tenant's office NAT.
  p.tenant = `t${Math.floor(TENANTS * rand2() ** 2)}`;
  if (rand2() < 0.4) p.sources[0] = office(p.tenant);
}
const UPSTREAMS = ['openai', 'anthropic', 'local'];
const latencyMean: Record<string, number> = { openai: 900, anthropic: 1200, local: 300 };

const events: SimEvent[] = [];
let benign = 0;
function benignEvent(
  p: Principal,
  at: number,
  upstreamOverride?: { upstream: string; ms?: number; error?: boolean },
): SimEvent {
  const upstream = upstreamOverride?.upstream ?? pick(UPSTREAMS);
  const n = p.longPrompts ? int(100, 900) : int(8, 120);
  const restricted = p.restrictedRate > 0 && rand() < p.restrictedRate ? int(1, 2) : 0;
  const roaming = rand() < 0.0005;
  return {
    event: {
      at,
      principal: p.id,
      keyId: p.key,
      tenant: p.tenant,
      source: roaming ? `172.16.${int(0, 255)}.${int(1, 254)}` : pick(p.sources),
      session: `${p.id}-s${Math.floor(at / (2 * HOUR))}`,
      model: pick(['gpt-4o', 'claude', 'llama']),
      promptChars: n * 7,
      tokensIn: Math.round(n * 1.8),
      tokensOut: int(20, 800),
      findings: restricted + (rand() < 0.05 ? 1 : 0),
      restrictedFindings: restricted,
      // The injection classifier's benign false-positive rate: a blocked request now and then.
      blockedCode: rand() < 0.003 ? 'PROMPT_INJECTION_BLOCKED' : undefined,
      upstream,
      upstreamMs: upstreamOverride?.ms ?? Math.round((latencyMean[upstream] ?? 500) * (0.5 + rand())),
      upstreamError: upstreamOverride?.error ?? rand() < 0.01,
    },
    // Exact retries are benign; 2% reuse the previous seed.
    text: { seed: rand() < 0.02 ? Math.floor(at / 1000) : Math.floor(rand() * 2 ** 31), words: n },
  };
}

// Benign traffic: a per-principal non-homogeneous Poisson process with a daily rhythm.
for (const p of principals) {
  let t = rand() * HOUR;
  while (t < HOURS * HOUR) {
    const hour = (t / HOUR) % 24;
    const d = Math.min(Math.abs(hour - p.peakHour), 24 - Math.abs(hour - p.peakHour));
    const rate = p.perHour * (0.03 + Math.exp(-(d * d) / (2 * p.width * p.width)));
    t += expo(HOUR / Math.max(rate, 0.01));
    if (t >= HOURS * HOUR) break;
    // Thinning keeps the mean rate honest when the rhythm changes fast.
    events.push(benignEvent(p, t));
    benign++;
  }
}

// Abuse episodes, after a day of warm-up, each on its own principal so attribution is unambiguous.
const episodes: Episode[] = [];
const used = new Set<string>();
function victim(): Principal {
  for (;;) {
    const p = pick(principals);
    if (!used.has(p.id)) {
      used.add(p.id);
      return p;
    }
  }
}
for (const family of FAMILIES) {
  if (family === 'spread') continue;
  for (let e = 0; e < EPISODES; e++) {
    const idx = episodes.length;
    let start = 24 * HOUR + rand() * (HOURS - 26) * HOUR;
    const push = (ev: SimEvent): void => {
      events.push({ ...ev, episode: idx });
      episode.requests++;
    };
    const episode: Episode = { family, start, subject: '', requests: 0 };
    episodes.push(episode);
    if (family === 'upstream') {
      const upstream = UPSTREAMS[e % UPSTREAMS.length] as string;
      episode.subject = upstream;
      // Spread over distinct hours so two upstream episodes never overlap.
      start = 24 * HOUR + e * ((HOURS - 26) / EPISODES) * HOUR + rand() * 0.5 * HOUR;
      episode.start = start;
      const latencyShift = e % 2 === 0;
      for (let t = start; t < start + 15 * 60_000; t += expo(3000)) {
        const p = pick(principals);
        const ev = benignEvent(
          p,
          t,
          latencyShift
            ? { upstream, ms: (latencyMean[upstream] ?? 500) * (4 + rand() * 4) }
            : { upstream, error: rand() < 0.7 },
        );
        push({ ...ev, event: { ...ev.event, upstream, blockedCode: undefined } });
      }
      continue;
    }
    const p = victim();
    episode.subject = family === 'key-misuse' ? p.key : p.id;
    const base = benignEvent(p, start).event;
    if (family === 'injection') {
      let t = start;
      for (let i = 0; i < 15; i++, t += 10_000 + rand() * 50_000)
        push({
          event: { ...base, at: t, blockedCode: 'PROMPT_INJECTION_BLOCKED' },
          text: { seed: int(0, 2 ** 30), words: 40 },
        });
    } else if (family === 'probing') {
      const probe = words(int(40, 90), mulberry32(idx + 99));
      let t = start;
      for (let i = 0; i < 30; i++, t += 3000 + rand() * 12_000)
        push({ event: { ...base, at: t }, text: { seed: int(0, 2 ** 30), words: int(1, 4), probe } });
    } else if (family === 'volume') {
      const tokens = e % 2 === 0;
      let t = start;
      for (let i = 0; i < (tokens ? 12 : 300); i++, t += tokens ? 5000 + rand() * 10_000 : expo(800))
        push({
          event: { ...base, at: t, tokensIn: tokens ? int(20_000, 60_000) : base.tokensIn },
          text: { seed: int(0, 2 ** 30), words: 30 },
        });
    } else if (family === 'key-misuse') {
      // A stolen key: a new address, at the hour furthest from the owner's rhythm.
      const odd = (p.peakHour + 12) % 24;
      start = Math.floor(start / (24 * HOUR)) * 24 * HOUR + odd * HOUR + rand() * 0.5 * HOUR;
      episode.start = start;
      const source = `203.0.${int(0, 255)}.${int(1, 254)}`;
      let t = start;
      for (let i = 0; i < 10; i++, t += 20_000 + rand() * 60_000)
        push({
          event: { ...base, at: t, source, session: `stolen-${idx}` },
          text: { seed: int(0, 2 ** 30), words: 40 },
        });
    } else {
      let t = start;
      for (let i = 0; i < 40; i++, t += 5000 + rand() * 15_000) {
        const r = int(2, 5);
        push({
          event: { ...base, at: t, restrictedFindings: r, findings: r },
          text: { seed: int(0, 2 ** 30), words: 30 },
        });
      }
    }
  }
}
// One address spreading a burst over 12 fresh keys (~85 requests a minute in all, ~7 per key):
// no key is remarkable on its own; the address is.
for (let e = 0; e < EPISODES; e++) {
  const idx = episodes.length;
  const tenant = `t${int2(0, TENANTS - 1)}`;
  const address = `198.51.${int2(0, 255)}.${int2(1, 254)}`;
  const start = 24 * HOUR + rand2() * (HOURS - 26) * HOUR;
  const episode: Episode = { family: 'spread', start, subject: address, also: [tenant], requests: 0 };
  episodes.push(episode);
  let t = start;
  for (let i = 0; i < 240; i++, t += -Math.log(1 - rand2()) * 700) {
    const k = i % 12;
    events.push({
      event: {
        at: t,
        principal: `sp${e}-${k}`,
        keyId: `sk${e}-${k}`,
        tenant,
        source: address,
        session: `sp${e}-${k}-s`,
        model: 'gpt-4o',
        promptChars: 210,
        tokensIn: 54,
        tokensOut: int2(20, 800),
        findings: 0,
        restrictedFindings: 0,
      },
      text: { seed: int2(0, 2 ** 30), words: 30 },
      episode: idx,
    });
    episode.requests++;
  }
}
events.sort((a, b) => a.event.at - b.event.at);

// Replay.
const monitor = createMonitor();
const byFamily = new Map<Family, number>();
const falseAlerts: Signal[] = [];
const counted = new Map<number, number>();
let cpuUs = 0;
function attribute(signal: Signal, at: number): number | undefined {
  for (let i = 0; i < episodes.length; i++) {
    const ep = episodes[i] as Episode;
    if (at < ep.start || at > ep.start + 40 * 60_000) continue;
    const id = signal.subject.id;
    if (
      id === ep.subject ||
      ep.also?.includes(id) === true ||
      id === `stolen-${i}` ||
      (signal.subject.kind === 'session' && id.startsWith(`${ep.subject}-`))
    )
      return i;
  }
  return undefined;
}
// Timed in batches with CPU time (process.cpuUsage): the machine is shared, so wall time would
// charge other processes' work to the detectors. Prompt text is generated outside the timed section.
const BATCH = 2000;
for (let b = 0; b < events.length; b += BATCH) {
  const batch = events.slice(b, b + BATCH);
  const texts = batch.map(
    (sim) => (sim.text.probe ?? '') + ' ' + words(sim.text.words, mulberry32(sim.text.seed)),
  );
  const snapshot = batch.map((sim) => {
    if (sim.episode === undefined) return 0;
    const n = (counted.get(sim.episode) ?? 0) + 1;
    counted.set(sim.episode, n);
    return n;
  });
  const out: { at: number; index: number; verdicts: ReturnType<typeof monitor.observe> }[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < batch.length; i++) {
    const sim = batch[i] as SimEvent;
    const verdicts = monitor.observe({ ...sim.event, sketch: promptSketch(texts[i] as string) });
    if (verdicts.length > 0) out.push({ at: sim.event.at, index: i, verdicts });
  }
  const c1 = process.cpuUsage(c0);
  cpuUs += c1.user + c1.system;
  for (const { at, index, verdicts } of out) {
    for (const v of verdicts) {
      if (!v.actions.includes('alert')) continue;
      const i = attribute(v.signal, at);
      if (i === undefined) {
        falseAlerts.push(v.signal);
        continue;
      }
      const ep = episodes[i] as Episode;
      if (ep.detectedAt === undefined) {
        ep.detectedAt = at;
        const own = batch[index]?.episode === i ? snapshot[index] : undefined;
        ep.requestsToDetection = own ?? counted.get(i) ?? 0;
      }
    }
  }
}
void byFamily;

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? null;
};
const usPerRequest = cpuUs / events.length;
const perTenK = (falseAlerts.length / benign) * 10_000;
const rows = FAMILIES.map((family) => {
  const eps = episodes.filter((e) => e.family === family);
  const hit = eps.filter((e) => e.detectedAt !== undefined);
  return {
    family,
    episodes: eps.length,
    detected: hit.length,
    detectionRate: hit.length / eps.length,
    medianRequestsToDetection: median(hit.map((e) => e.requestsToDetection ?? 0)),
    medianSecondsToDetection: median(hit.map((e) => ((e.detectedAt ?? 0) - e.start) / 1000)),
  };
});
const falseByDetector: Record<string, number> = {};
for (const s of falseAlerts) falseByDetector[s.detector] = (falseByDetector[s.detector] ?? 0) + 1;
const totalDetected = rows.reduce((n, r) => n + r.detected, 0);
const report = {
  seed: Number(args.seed),
  hours: HOURS,
  principals: PRINCIPALS,
  benignRequests: benign,
  totalRequests: events.length,
  families: rows,
  detectionRate: totalDetected / episodes.length,
  falseAlerts: falseAlerts.length,
  falseAlertsPer10kBenign: perTenK,
  falseAlertsByDetector: falseByDetector,
  usPerRequest,
  targets: {
    detectionRate: { target: 0.95, met: rows.every((r) => r.detectionRate >= 0.95) },
    falseAlertsPer10k: { target: 1, met: perTenK <= 1 },
    usPerRequest: { target: 50, met: usPerRequest <= 50 },
  },
};

console.log(
  `sim:monitor  seed ${report.seed}, ${HOURS} h, ${PRINCIPALS} principals, ${benign} benign + ${events.length - benign} abuse requests`,
);
console.log('family        detected   median requests   median seconds');
for (const r of rows)
  console.log(
    `${r.family.padEnd(13)} ${`${r.detected}/${r.episodes}`.padEnd(10)} ${String(r.medianRequestsToDetection ?? '–').padEnd(17)} ${r.medianSecondsToDetection === null ? '–' : r.medianSecondsToDetection.toFixed(1)}`,
  );
console.log(
  `false alerts: ${falseAlerts.length} (${perTenK.toFixed(2)} per 10,000 benign requests) ${JSON.stringify(falseByDetector)}`,
);
console.log(`cost: ${usPerRequest.toFixed(1)} µs CPU per request (sketch + all detectors + session risk)`);
console.log(
  `targets: detection ≥ 95% per family ${report.targets.detectionRate.met ? 'met' : 'NOT met'}; ≤ 1 false alert / 10k ${report.targets.falseAlertsPer10k.met ? 'met' : 'NOT met'}; ≤ 50 µs ${report.targets.usPerRequest.met ? 'met' : 'NOT met'}`,
);
const missed = episodes.filter((e) => e.detectedAt === undefined);
if (missed.length > 0)
  console.log(
    `missed: ${missed.map((e) => `${e.family} ${e.subject} at ${(e.start / HOUR).toFixed(1)} h`).join(', ')}`,
  );
mkdirSync('reports', { recursive: true });
writeFileSync('reports/sim-monitor.json', JSON.stringify(report, null, 2) + '\n');
