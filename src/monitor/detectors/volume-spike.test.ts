import { describe, expect, it } from 'vitest';
import { createMonitor } from '../monitor.js';
import type { MonitorEvent } from '../types.js';
import { volumeSpike } from './volume-spike.js';

function event(at: number, principal: string, extra: Partial<MonitorEvent> = {}): MonitorEvent {
  return {
    at,
    principal,
    keyId: `key-${principal}`,
    tenant: 'acme',
    source: `10.0.0.${principal.length}`,
    model: 'gpt',
    promptChars: 200,
    tokensIn: 50,
    tokensOut: 100,
    findings: 0,
    restrictedFindings: 0,
    ...extra,
  };
}

const detector = (options: Record<string, unknown> = {}) =>
  volumeSpike.create(volumeSpike.options.parse(options));

/** Two hours of quiet traffic: 40 principals in tenant acme, each from its own address, ~1 request a minute in all. */
function quietHours(observe: (e: MonitorEvent) => unknown): number {
  let t = 0;
  for (let i = 0; i < 120 * 4; i++) {
    t += 15_000;
    const p = `p${i % 40}`;
    observe(event(t, p, { source: `10.1.0.${i % 40}` }));
  }
  return t;
}

describe('volume-spike per tenant and source address', () => {
  it('catches one address spreading a burst over many keys, each of them unremarkable on its own', () => {
    const d = detector();
    const signals = [];
    let t = quietHours((e) => d.observe(e));
    // The address has been seen before, lightly (one principal's office address).
    for (let i = 0; i < 60; i++)
      signals.push(d.observe(event((t += 60_000), 'p0', { source: '198.51.100.7' })));
    expect(signals.filter(Boolean)).toEqual([]);
    // 20 keys, 6 requests each within two minutes, all from 198.51.100.7: ~3 a minute per key.
    for (let round = 0; round < 6; round++)
      for (let k = 0; k < 20; k++)
        signals.push(d.observe(event((t += 1000), `bot${k}`, { source: '198.51.100.7', tenant: `t${k}` })));
    const raised = signals.filter((s) => s !== undefined);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      detector: 'volume-spike',
      subject: { kind: 'source', id: '198.51.100.7' },
      evidence: { measure: 'requests' },
    });
    expect(Number(raised[0]?.evidence.principals)).toBeGreaterThanOrEqual(15);
  });

  it("reports a burst from one address inside one tenant once, as the address's, not the tenant's too", () => {
    const d = detector();
    let t = quietHours((e) => d.observe(e));
    const raised = [];
    for (let round = 0; round < 6; round++)
      for (let k = 0; k < 20; k++)
        raised.push(d.observe(event((t += 1000), `bot${k}`, { source: '198.51.100.8' })));
    expect(raised.filter(Boolean).map((s) => s?.subject)).toEqual([{ kind: 'source', id: '198.51.100.8' }]);
  });

  it("catches a tenant-wide spike across many principals against the tenant's baseline", () => {
    const d = detector({ subjects: ['principal', 'tenant'] });
    let t = quietHours((e) => d.observe(e));
    const raised = [];
    for (let round = 0; round < 4; round++)
      for (let k = 0; k < 40; k++)
        raised.push(d.observe(event((t += 300), `p${k}`, { source: `10.1.0.${k}` })));
    expect(raised.filter(Boolean).map((s) => s?.subject)).toEqual([{ kind: 'tenant', id: 'acme' }]);
  });

  it("leaves a single principal's spike to that principal: one signal, not one per subject", () => {
    const d = detector();
    let t = quietHours((e) => d.observe(e));
    const raised = [];
    for (let i = 0; i < 200; i++) raised.push(d.observe(event((t += 300), 'p3', { source: '10.1.0.3' })));
    expect(raised.filter(Boolean).map((s) => s?.subject)).toEqual([{ kind: 'principal', id: 'p3' }]);
  });

  it('throttles the address, not the principal that tipped it over, when the policy says throttle', () => {
    const m = createMonitor({
      actions: { medium: ['record', 'alert', 'throttle'] },
      detectors: { 'volume-spike': { subjects: ['source'] } },
    });
    let t = 0;
    const raised = [];
    for (let i = 0; i < 100; i++)
      raised.push(...m.observe(event((t += 500), `bot${i % 10}`, { source: '198.51.100.9' })));
    expect(raised.map((v) => v.signal.subject)).toEqual([{ kind: 'source', id: '198.51.100.9' }]);
    expect(m.throttledUntil('bot3', t, '198.51.100.9')).toBeGreaterThan(t);
    expect(m.throttledUntil('bot3', t, '10.0.0.1')).toBeUndefined();
    expect(m.throttledUntil('someone-else', t, '198.51.100.9')).toBeGreaterThan(t);
    m.lift('198.51.100.9');
    expect(m.throttledUntil('bot3', t, '198.51.100.9')).toBeUndefined();
  });

  it('rejects an unknown subject kind', () => {
    expect(() => createMonitor({ detectors: { 'volume-spike': { subjects: ['session'] } } })).toThrow();
  });
});
