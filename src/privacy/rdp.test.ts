import { describe, expect, it } from 'vitest';
import { noiseForBudget } from './noise.js';
import { epsilonOf, rdpOfStep } from './rdp.js';

// Published values from Opacus's accountant tests (RDP, default orders, improved conversion).
const OPACUS_CASES = [
  { noise: 1.5, sampleRate: 0.04, steps: 2250, delta: 1e-5, epsilon: 7.32911117143 },
  { noise: 1.0, sampleRate: 0.01, steps: 1000, delta: 1e-5, epsilon: 2.1013652716 },
  { noise: 1.1, sampleRate: 256 / 60000, steps: 14062, delta: 1e-5, epsilon: 2.596555869 },
  { noise: 2.0, sampleRate: 0.001, steps: 10000, delta: 1e-6, epsilon: 0.2447173064 },
  { noise: 4.0, sampleRate: 0.02, steps: 500, delta: 1e-6, epsilon: 0.5055426319 },
];

describe('RDP accountant', () => {
  it.each(OPACUS_CASES)('reproduces Opacus: σ=$noise q=$sampleRate T=$steps δ=$delta → ε=$epsilon', (c) => {
    const { epsilon } = epsilonOf([{ noise: c.noise, sampleRate: c.sampleRate, steps: c.steps }], c.delta);
    expect(Math.abs(epsilon - c.epsilon) / c.epsilon).toBeLessThan(1e-6);
  });

  it('gives the closed form α/(2σ²) without subsampling', () => {
    expect(rdpOfStep(1, 2, 5)).toBeCloseTo(5 / 8, 12);
  });

  it('agrees between the integer and fractional series near an integer order', () => {
    const atInt = rdpOfStep(0.01, 1.3, 8);
    const nearInt = rdpOfStep(0.01, 1.3, 8 + 1e-9);
    expect(Math.abs(atInt - nearInt) / atInt).toBeLessThan(1e-6);
  });

  it('composes phases: two halves cost what the whole does', () => {
    const whole = epsilonOf([{ noise: 1.2, sampleRate: 0.02, steps: 1000 }], 1e-5).epsilon;
    const halves = epsilonOf(
      [
        { noise: 1.2, sampleRate: 0.02, steps: 500 },
        { noise: 1.2, sampleRate: 0.02, steps: 500 },
      ],
      1e-5,
    ).epsilon;
    expect(halves).toBeCloseTo(whole, 10);
  });

  it('spends more privacy with less noise', () => {
    const e1 = epsilonOf([{ noise: 0.8, sampleRate: 0.01, steps: 1000 }], 1e-5).epsilon;
    const e2 = epsilonOf([{ noise: 1.6, sampleRate: 0.01, steps: 1000 }], 1e-5).epsilon;
    expect(e1).toBeGreaterThan(e2);
  });
});

describe('noiseForBudget', () => {
  it('reproduces Opacus get_noise_multiplier: ε=8, δ=1e-5, q=0.04, 90 epochs → 1.416', () => {
    const noise = noiseForBudget({ epsilon: 8, delta: 1e-5, sampleRate: 0.04, steps: Math.floor(90 / 0.04) });
    expect(noise).toBeCloseTo(1.416, 2);
    const reached = epsilonOf([{ noise, sampleRate: 0.04, steps: 2250 }], 1e-5).epsilon;
    expect(reached).toBeLessThanOrEqual(8);
    expect(8 - reached).toBeLessThanOrEqual(0.01);
  });

  it('refuses a budget no noise can meet', () => {
    expect(() => noiseForBudget({ epsilon: 1e-9, delta: 1e-12, sampleRate: 1, steps: 1e6 })).toThrow(
      RangeError,
    );
  });
});
