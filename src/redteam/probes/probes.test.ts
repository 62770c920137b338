import { describe, expect, it } from 'vitest';
import { createPlant } from '../plant.js';
import { createRandom } from '../random.js';
import { CATEGORIES } from '../types.js';
import { probes } from './index.js';

const plant = createPlant(createRandom('probes-test'));
const built = probes.map((p) => ({ probe: p, prompts: p.build({ plant, random: createRandom(p.id) }) }));

describe('probes', () => {
  it('hold at least 300 distinct base prompts across every category', () => {
    const all = built.flatMap((b) => b.prompts);
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    expect(new Set(all.map((p) => JSON.stringify(p.messages))).size).toBe(all.length);
    expect(new Set(probes.map((p) => p.category))).toEqual(new Set(CATEGORIES));
  });

  it('declare their size truthfully and carry the payload inside the last message', () => {
    for (const { probe, prompts } of built) {
      expect(prompts, probe.id).toHaveLength(probe.size);
      for (const prompt of prompts) {
        expect(prompt.messages.at(-1)!.content).toContain(prompt.payload);
        expect(prompt.expects.length).toBeGreaterThan(0);
        expect(prompt.payload).not.toMatch(/\{(canary|name|email|phone|card|account|inject|ask)\}/);
      }
    }
  });

  it('put the run canary in every prompt graded by the canary', () => {
    for (const { prompts } of built) {
      for (const prompt of prompts.filter((p) => p.expects.some((e) => e.kind === 'canary'))) {
        expect(prompt.payload).toContain(plant.canary);
      }
    }
  });
});
