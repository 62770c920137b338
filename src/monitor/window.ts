/** Timestamps inside a sliding window, oldest first; `push` drops what has aged out. */
export class SlidingCount {
  private readonly times: number[] = [];
  constructor(private readonly windowMs: number) {}

  push(at: number): number {
    this.times.push(at);
    return this.count(at);
  }

  count(at: number): number {
    const from = at - this.windowMs;
    let drop = 0;
    while (drop < this.times.length && (this.times[drop] ?? 0) <= from) drop++;
    if (drop > 0) this.times.splice(0, drop);
    return this.times.length;
  }

  clear(): void {
    this.times.length = 0;
  }
}

/** A bounded map that forgets its least recently touched entries (per-subject state stays bounded). */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K, create: () => V): V {
    const found = this.map.get(key);
    if (found !== undefined) {
      this.map.delete(key);
      this.map.set(key, found);
      return found;
    }
    const value = create();
    this.map.set(key, value);
    if (this.map.size > this.max) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
