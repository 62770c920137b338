import { BulwarkError } from '../core/index.js';
import { probes as builtinProbes } from './probes/index.js';
import { forkRandom } from './random.js';
import { strategies as builtinStrategies } from './strategies.js';
import type {
  Attack,
  ChatMessage,
  Plant,
  ProbeDescriptor,
  ProbePrompt,
  StrategyDescriptor,
} from './types.js';

export interface PlanOptions {
  seed: string;
  plant: Plant;
  /** Probe ids to run; default all. */
  probes?: readonly string[];
  /** Strategy ids to apply; default all. `none` sends every probe prompt as written. */
  strategies?: readonly string[];
  /** Probe prompts per category each disguising strategy is applied to. Default 3. */
  perCategory?: number;
  /** Send only a seeded sample of this many base prompts per probe (quick runs); default all. */
  sample?: number;
  probeList?: readonly ProbeDescriptor[];
  strategyList?: readonly StrategyDescriptor[];
}

function select<T extends { id: string }>(
  list: readonly T[],
  ids: readonly string[] | undefined,
  what: string,
): T[] {
  if (!ids) return [...list];
  return ids.map((id) => {
    const found = list.find((d) => d.id === id);
    if (!found) {
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `Unknown ${what} "${id}"; known: ${list.map((d) => d.id).join(', ')}.`,
      });
    }
    return found;
  });
}

/** Rewrites the prompt's payload with the strategy's disguise. */
function disguise(prompt: ProbePrompt, strategy: StrategyDescriptor, seed: string): ChatMessage[] {
  const parts = strategy.apply(prompt.payload, forkRandom(seed, `${prompt.id}@${strategy.id}`));
  const last = prompt.messages.at(-1)!;
  const head = prompt.messages.slice(0, -1);
  if (last.content === prompt.payload) {
    return [...head, ...parts.map((content): ChatMessage => ({ role: 'user', content }))];
  }
  return [...head, { ...last, content: last.content.replace(prompt.payload, () => parts.join('\n\n')) }];
}

/** A seeded sample of `count` items, in their original order; all of them without a count. */
function sampled<T>(items: readonly T[], count: number | undefined, seed: string): T[] {
  if (count === undefined || count >= items.length) return [...items];
  const random = forkRandom(seed, 'sample');
  const keep = new Set<number>();
  while (keep.size < count) keep.add(random.int(items.length));
  return items.filter((_, i) => keep.has(i));
}

/**
 * Builds every attack of a run: each probe prompt as written, plus each disguising strategy applied to a
 * seeded, per-category sample of probe prompts. Same seed → same attacks, in the same order.
 */
export function planAttacks(options: PlanOptions): Attack[] {
  const probeList = select(options.probeList ?? builtinProbes, options.probes, 'probe');
  const strategyList = select(options.strategyList ?? builtinStrategies, options.strategies, 'strategy');
  const perCategory = options.perCategory ?? 3;
  const built = probeList.map((probe) => ({
    probe,
    prompts: probe.build({ plant: options.plant, random: forkRandom(options.seed, `probe:${probe.id}`) }),
  }));
  const attacks: Attack[] = [];
  const make = (probe: ProbeDescriptor, prompt: ProbePrompt, strategy: StrategyDescriptor): Attack => ({
    id: `${prompt.id}@${strategy.id}`,
    probe: probe.id,
    category: probe.category,
    severity: probe.severity,
    strategy: strategy.id,
    messages: strategy.id === 'none' ? prompt.messages : disguise(prompt, strategy, options.seed),
    payload: prompt.payload,
    expects: prompt.expects,
    ...(prompt.tools ? { tools: prompt.tools } : {}),
  });
  for (const strategy of strategyList) {
    for (const { probe, prompts } of built) {
      if (strategy.id === 'none') {
        for (const prompt of sampled(prompts, options.sample, `${options.seed}/sample:${probe.id}`)) {
          attacks.push(make(probe, prompt, strategy));
        }
        continue;
      }
      const random = forkRandom(options.seed, `sample:${strategy.id}:${probe.id}`);
      const pool = [...prompts];
      for (let i = 0; i < perCategory && pool.length > 0; i++) {
        const [prompt] = pool.splice(random.int(pool.length), 1);
        attacks.push(make(probe, prompt!, strategy));
      }
    }
  }
  return attacks;
}
