import type { NamedStage } from '../../core/index.js';
import type { RequestContext } from '../context.js';

/**
 * Stages whose implementation a config reload replaces while requests run. The app composes its
 * pipelines once (instrumented per stage name), so each slot here stays put and delegates to the
 * current generation's stage of the same name; a request that started keeps the stage it entered.
 */
export function swappableStages(initial: readonly NamedStage<RequestContext>[]) {
  const names = initial.map((s) => s.name);
  let current = new Map(initial.map((s) => [s.name, s]));
  const stages: NamedStage<RequestContext>[] = names.map((name) => ({
    name,
    run: (ctx, next) => current.get(name)!.run(ctx, next),
  }));
  return {
    stages,
    /** Installs the next generation; throws (keeping the current one) when its stage names differ. */
    swap(next: readonly NamedStage<RequestContext>[]): void {
      const nextNames = next.map((s) => s.name);
      if (nextNames.join() !== names.join())
        throw new Error(`reload changed the identity stages (${names.join()} → ${nextNames.join()})`);
      current = new Map(next.map((s) => [s.name, s]));
    },
  };
}
