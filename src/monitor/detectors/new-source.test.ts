import { describe, expect, it } from 'vitest';
import type { MonitorEvent, Signal } from '../types.js';
import { newSource } from './new-source.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function event(at: number, source: string): MonitorEvent {
  return {
    at,
    principal: 'alice',
    keyId: 'key-1',
    source,
    model: 'gpt',
    promptChars: 200,
    tokensIn: 50,
    tokensOut: 100,
    findings: 0,
    restrictedFindings: 0,
  };
}

/** Two days of a key used 08–20 UTC, 6 an hour, plus some evening use (3 an hour 20–22). */
function history(d: ReturnType<typeof newSource.create>): void {
  for (let day = 0; day < 2; day++) {
    for (let h = 8; h < 20; h++)
      for (let k = 0; k < 6; k++) d.observe(event(day * DAY + h * HOUR + k * 10 * MIN, '10.0.0.1'));
    for (let h = 20; h < 22; h++)
      for (let k = 0; k < 3; k++) d.observe(event(day * DAY + h * HOUR + k * 20 * MIN, '10.0.0.1'));
  }
}

describe('new-source', () => {
  const create = () => newSource.create(newSource.options.parse({}));

  it('rates a new address that soon sends several times what the key sends at that hour high', () => {
    const d = create();
    history(d);
    // 21:00 is not an unusual hour for this key (it is used most evenings), so the address alone is low.
    const signals: Signal[] = [];
    for (let i = 0; i < 8; i++) {
      const s = d.observe(event(2 * DAY + 21 * HOUR + i * MIN, '203.0.113.50'));
      if (s) signals.push(s);
    }
    expect(signals.map((s) => s.severity)).toEqual(['low', 'high']);
    expect(signals[1]?.evidence).toMatchObject({ newSource: true, unusualHour: false, burstRequests: 5 });
  });

  it('keeps a move to a new address at the usual pace low (the owner roaming, not a second user)', () => {
    const d = create();
    history(d);
    const signals: Signal[] = [];
    // Same pace as the key's own at 10:00, from a new address: 6 an hour.
    for (let i = 0; i < 12; i++) {
      const s = d.observe(event(2 * DAY + 10 * HOUR + i * 10 * MIN, '10.9.9.9'));
      if (s) signals.push(s);
    }
    expect(signals.map((s) => s.severity)).toEqual(['low']);
  });

  it('stops counting a new address once its burst window has passed', () => {
    const d = create();
    history(d);
    const signals: Signal[] = [];
    // Five requests, but spread over an hour at 21:00: never five inside one 15-minute window.
    for (let i = 0; i < 5; i++) {
      const s = d.observe(event(2 * DAY + 21 * HOUR + i * 16 * MIN, '203.0.113.51'));
      if (s) signals.push(s);
    }
    expect(signals.map((s) => s.severity)).toEqual(['low']);
  });
});
