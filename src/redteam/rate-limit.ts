/** Spaces calls so that at most `perSecond` start in any second (no bursts). */
export function createRateLimiter(perSecond: number | undefined): () => Promise<void> {
  if (perSecond === undefined || !Number.isFinite(perSecond) || perSecond <= 0)
    return () => Promise.resolve();
  const interval = 1000 / perSecond;
  let next = 0;
  return function acquire(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + interval;
    return at <= now ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, at - now));
  };
}

/** Runs `worker` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let index = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (index < items.length) await worker(items[index++]!);
  });
  await Promise.all(lanes);
}
