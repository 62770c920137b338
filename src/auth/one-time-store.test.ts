import { describe, expect, it } from 'vitest';
import { createOneTimeStore } from './one-time-store.js';

describe('one-time store', () => {
  it('hands a value out once, under a fresh 256-bit id', () => {
    const store = createOneTimeStore<string>({ ttlMs: 1000 });
    const id = store.put('v');
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(store.peek(id)).toBe('v');
    expect(store.take(id)).toBe('v');
    expect(store.take(id)).toBeUndefined();
  });

  it('expires entries after the TTL', () => {
    let now = 0;
    const store = createOneTimeStore<string>({ ttlMs: 1000, now: () => now });
    const id = store.put('v');
    now = 999;
    expect(store.peek(id)).toBe('v');
    now = 1000;
    expect(store.take(id)).toBeUndefined();
  });

  it('stays within its bound by dropping the oldest entries', () => {
    const store = createOneTimeStore<number>({ ttlMs: 60_000, max: 3 });
    const ids = [1, 2, 3, 4, 5].map((n) => store.put(n));
    expect(store.size).toBe(3);
    expect(store.peek(ids[0]!)).toBeUndefined();
    expect(store.peek(ids[4]!)).toBe(5);
  });
});
