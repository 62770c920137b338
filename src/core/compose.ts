/** A pipeline stage: reads and writes one context, calls `next` to continue. */
export type Stage<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

export interface NamedStage<C> {
  name: string;
  run: Stage<C>;
}

export interface ComposeHooks<C> {
  /** Called around every stage (metrics, traces). Must not throw. */
  onStage?: (name: string, ctx: C, elapsedMs: number, error?: unknown) => void;
}

/**
 * Runs named stages in order as an onion: each stage may act before and after `next()`.
 * Calling `next()` twice from one stage is a bug and throws.
 */
export function compose<C>(
  stages: readonly NamedStage<C>[],
  hooks: ComposeHooks<C> = {},
): (ctx: C) => Promise<void> {
  return async function runPipeline(ctx: C): Promise<void> {
    let index = -1;
    async function dispatch(i: number): Promise<void> {
      if (i <= index) throw new Error('next() called multiple times');
      index = i;
      const stage = stages[i];
      if (stage === undefined) return;
      const started = performance.now();
      try {
        await stage.run(ctx, () => dispatch(i + 1));
        hooks.onStage?.(stage.name, ctx, performance.now() - started);
      } catch (error) {
        hooks.onStage?.(stage.name, ctx, performance.now() - started, error);
        throw error;
      }
    }
    await dispatch(0);
  };
}
