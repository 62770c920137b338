import { describe, expect, it } from 'vitest';
import type { MonitorEvent, Signal } from '../types.js';
import { injectionRepeat } from './injection-repeat.js';

const blocked = (at: number, principal: string, source: string): MonitorEvent => ({
  at,
  principal,
  keyId: `key-${principal}`,
  tenant: 'acme',
  source,
  model: 'gpt',
  promptChars: 200,
  tokensIn: 50,
  tokensOut: 0,
  findings: 1,
  restrictedFindings: 0,
  blockedCode: 'PROMPT_INJECTION_BLOCKED',
});

const run = (events: MonitorEvent[], options: Record<string, unknown> = {}) => {
  const d = injectionRepeat.create(injectionRepeat.options.parse(options));
  return events.map((e) => d.observe(e)).filter((s): s is Signal => s !== undefined);
};

describe('injection-repeat', () => {
  it('one principal: one signal about the principal, none about its address', () => {
    const signals = run(Array.from({ length: 8 }, (_, i) => blocked(i * 1000, 'mallory', '203.0.113.7')));
    expect(signals.map((s) => s.subject)).toEqual([{ kind: 'principal', id: 'mallory' }]);
  });

  it('one address rotating keys: each key stays under N, the address is caught once', () => {
    const events = Array.from({ length: 12 }, (_, i) => blocked(i * 1000, `stolen-${i % 6}`, '203.0.113.7'));
    const signals = run(events);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      subject: { kind: 'source', id: '203.0.113.7' },
      evidence: { attempts: 5, principals: 5 },
    });
  });

  it('spread over time or over addresses, or with perSource off, nothing fires', () => {
    const slow = Array.from({ length: 6 }, (_, i) => blocked(i * 200_000, `k${i}`, '203.0.113.7'));
    expect(run(slow)).toEqual([]);
    const manyAddresses = Array.from({ length: 12 }, (_, i) =>
      blocked(i * 1000, `k${i % 6}`, `198.51.100.${i}`),
    );
    expect(run(manyAddresses)).toEqual([]);
    const rotating = Array.from({ length: 12 }, (_, i) => blocked(i * 1000, `k${i % 6}`, '203.0.113.7'));
    expect(run(rotating, { perSource: false })).toEqual([]);
  });
});
