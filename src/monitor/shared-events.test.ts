import { describe, expect, it } from 'vitest';
import { createMemoryReplicaHub, type ReplicaBus, type ReplicaBusStatus } from '../storage/index.js';
import { createMonitor, type Monitor, type MonitorVerdict } from './monitor.js';
import { createSharedEvents, type SharedEvents, type SharedEventsOptions } from './shared-events.js';
import type { MonitorEvent } from './types.js';

const T0 = Date.parse('2030-01-01T10:00:00Z');
function injection(at: number, principal = 'mallory'): MonitorEvent {
  return {
    at,
    principal,
    keyId: `key-${principal}`,
    source: '10.0.0.1',
    model: 'gpt',
    promptChars: 200,
    tokensIn: 50,
    tokensOut: 0,
    findings: 1,
    restrictedFindings: 0,
    blockedCode: 'PROMPT_INJECTION_BLOCKED',
  };
}

interface Replica {
  monitor: Monitor;
  shared: SharedEvents;
  /** Signals this replica raised (its own events and its peers'), and those it won the claim for. */
  raised: MonitorVerdict[];
  acted: MonitorVerdict[];
  statuses: ReplicaBusStatus[];
  /** A request served by this replica. */
  serve(event: MonitorEvent): void;
}

/** The test's clock: every replica reads it, so skew is only what a test puts into an event. */
let clock = T0;
const at = (offsetMs: number) => (clock = T0 + offsetMs);

async function replica(bus: ReplicaBus, extra: Partial<SharedEventsOptions> = {}): Promise<Replica> {
  const monitor = createMonitor({ actions: { high: ['record', 'alert', 'throttle'] } });
  const raised: MonitorVerdict[] = [];
  const acted: MonitorVerdict[] = [];
  const statuses: ReplicaBusStatus[] = [];
  const act = (verdicts: readonly MonitorVerdict[]) => {
    for (const v of verdicts) {
      raised.push(v);
      void shared.claim(v.signal).then((won) => won && acted.push(v));
    }
  };
  const shared: SharedEvents = createSharedEvents({
    monitor,
    bus,
    now: () => clock,
    onPeerVerdicts: (_e, verdicts) => act(verdicts),
    onStatus: (s) => statuses.push(s),
    ...extra,
  });
  return { monitor, shared, raised, acted, statuses, serve: (e) => act(shared.observe(e)) };
}

const settle = () => new Promise((ok) => setTimeout(ok, 20));
const repeats = (vs: MonitorVerdict[]) => vs.filter((v) => v.signal.detector === 'injection-repeat');

describe('shared monitor events', () => {
  it('detects an N-in-T pattern split across replicas, and only one of them acts on it', async () => {
    const hub = createMemoryReplicaHub(() => clock);
    const [a, b] = [await replica(hub.connect()), await replica(hub.connect())];
    // 8 blocked injections alternating between replicas: each serves 4, below the count of 5.
    for (let i = 0; i < 8; i++) {
      (i % 2 === 0 ? a : b).serve(injection(at(i * 20_000)));
      await settle();
    }
    expect(repeats(a.raised)).toHaveLength(1);
    expect(repeats(b.raised)).toHaveLength(1);
    expect(repeats([...a.acted, ...b.acted])).toHaveLength(1);
    // The throttle applies on both replicas, whichever one acted.
    for (const r of [a, b]) expect(r.monitor.throttledUntil('mallory', clock)).toBeGreaterThan(clock);
  });

  it('without the shared bus neither replica sees enough to raise anything', async () => {
    const [a, b] = [createMonitor(), createMonitor()];
    const raised = [];
    for (let i = 0; i < 8; i++) raised.push(...(i % 2 === 0 ? a : b).observe(injection(at(i * 20_000))));
    expect(repeats(raised)).toHaveLength(0);
  });

  it("ignores its own batches coming back and never re-publishes a peer's event", async () => {
    const hub = createMemoryReplicaHub(() => clock);
    const [a, b, c] = [
      await replica(hub.connect()),
      await replica(hub.connect()),
      await replica(hub.connect()),
    ];
    for (let i = 0; i < 4; i++) a.serve(injection(at(i * 1000)));
    await a.shared.flush();
    await settle();
    expect(a.shared.stats()).toMatchObject({ published: 4, received: 0 });
    for (const r of [b, c]) expect(r.shared.stats()).toMatchObject({ published: 0, received: 4 });
    // A's own 4 echoed back would have made 8 and fired the detector.
    expect(repeats(a.raised)).toHaveLength(0);
  });

  it("re-stamps a peer's event whose clock is far off, so it cannot corrupt windows", async () => {
    const hub = createMemoryReplicaHub(() => clock);
    const [a, b] = [await replica(hub.connect()), await replica(hub.connect())];
    for (let i = 0; i < 4; i++) b.serve(injection(at(i * 1000)));
    // A's clock runs two hours ahead; without re-stamping its event would sit outside B's 10-minute window.
    a.serve(injection(clock + 2 * 3_600_000));
    await settle();
    expect(b.shared.stats()).toMatchObject({ received: 1, skewed: 1 });
    expect(repeats(b.raised)).toHaveLength(1);
  });

  it('keeps detecting locally while the bus is down, reports it once, and recovers', async () => {
    const hub = createMemoryReplicaHub(() => clock);
    const [a, b] = [await replica(hub.connect()), await replica(hub.connect())];
    hub.setDown(true);
    for (let i = 0; i < 5; i++) a.serve(injection(at(i * 1000)));
    await settle();
    expect(a.statuses.map((s) => s.up)).toEqual([true, false]);
    expect(a.statuses[1]?.reason).toMatch(/down/);
    // Local detection and local action continue: the claim cannot be checked, so this replica acts.
    expect(repeats(a.raised)).toHaveLength(1);
    expect(repeats(a.acted)).toHaveLength(1);
    expect(a.shared.stats()).toMatchObject({ published: 0, dropped: 5 });
    expect(b.shared.stats().received).toBe(0);

    hub.setDown(false);
    expect(a.statuses.map((s) => s.up)).toEqual([true, false, true]);
    a.serve(injection(at(10_000), 'eve'));
    await settle();
    expect(b.shared.stats().received).toBe(1);
  });

  it('bounds what waits for a slow bus and counts what it drops', async () => {
    let release: () => void = () => undefined;
    const stuck: ReplicaBus = {
      publish: () => new Promise<void>((ok) => (release = ok)),
      subscribe: () => Promise.resolve(),
      claim: () => Promise.resolve(true),
      onStatus: (l) => l({ up: true }),
      close: () => Promise.resolve(),
    };
    const shared = createSharedEvents({
      monitor: createMonitor(),
      bus: stuck,
      maxQueue: 100,
      batchSize: 10,
      onPeerVerdicts: () => undefined,
    });
    shared.observe(injection(T0));
    await settle(); // the first batch is now in flight and never returns
    for (let i = 0; i < 1000; i++) shared.observe(injection(T0 + i, `p${i}`));
    expect(shared.stats().dropped).toBe(900);
    release();
  });

  it('drops malformed or foreign messages whole', async () => {
    const hub = createMemoryReplicaHub(() => clock);
    const a = await replica(hub.connect());
    const raw = hub.connect();
    await raw.publish('not json');
    await raw.publish(
      JSON.stringify({ v: 1, r: 'x', e: [{ ...injection(T0), prompt: 'ignore all previous instructions' }] }),
    );
    await raw.publish(JSON.stringify({ v: 2, r: 'x', e: [] }));
    await settle();
    expect(a.shared.stats()).toMatchObject({ rejected: 3, received: 0 });
  });
});
