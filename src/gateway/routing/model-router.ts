import type { BulwarkConfig } from '../../config/index.js';
import type { UpstreamTarget } from '../providers/provider.js';

/** One place a request may go, in the order tried. */
export interface Candidate extends UpstreamTarget {
  alias: string;
}

/** The alias for a model name: itself when configured, else the `*` catch-all, else none. */
export function aliasFor(config: BulwarkConfig, model: string): string | undefined {
  if (Object.hasOwn(config.models, model)) return model;
  return Object.hasOwn(config.models, '*') ? '*' : undefined;
}

/** The candidates for a requested model: its alias first, then its fallbacks (each once). */
export function candidatesFor(config: BulwarkConfig, requested: string): Candidate[] {
  const primary = aliasFor(config, requested);
  if (primary === undefined) return [];
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (alias: string, modelName: string): void => {
    const model = config.models[alias];
    const upstream = model && config.upstreams[model.upstream];
    if (!model || !upstream) return;
    const target = model.model ?? modelName;
    const key = `${model.upstream}\u0000${target}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ alias, upstream: model.upstream, config: upstream, model: target });
  };
  add(primary, requested);
  for (const fallback of config.models[primary]?.fallbacks ?? []) add(fallback, fallback);
  return out;
}

/** Every model name a client may ask for (the `*` catch-all is not listed). */
export function listModels(config: BulwarkConfig): string[] {
  return Object.keys(config.models).filter((alias) => alias !== '*');
}
