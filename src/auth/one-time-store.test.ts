import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage, type OneTimeRecordStore } from '../storage/index.js';
import { createOneTimeStore, type OneTimeStoreOptions } from './one-time-store.js';

function backing() {
  const storage = openMemoryStorage();
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  return { store: storage.oneTimeRecords, keyRing };
}
const make = <T>(options: Partial<OneTimeStoreOptions> = {}) =>
  createOneTimeStore<T>({ ...backing(), kind: 'test', ttlMs: 1000, ...options });

describe('one-time store', () => {
  it('hands a value out once, under a fresh 256-bit id', async () => {
    const store = make<string>();
    const id = await store.put('v');
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(await store.peek(id)).toBe('v');
    expect((await store.take(id))?.value).toBe('v');
    expect(await store.take(id)).toBeUndefined();
  });

  it('expires entries after the TTL', async () => {
    let now = 0;
    const store = make<string>({ now: () => now });
    const id = await store.put('v');
    now = 999;
    expect(await store.peek(id)).toBe('v');
    now = 1000;
    expect(await store.take(id)).toBeUndefined();
  });

  it('puts a taken entry back with its original deadline', async () => {
    let now = 0;
    const store = make<{ attempts: number }>({ now: () => now });
    const id = await store.put({ attempts: 0 });
    now = 600;
    const taken = (await store.take(id))!;
    await store.restore(id, { value: { attempts: 1 }, expiresAt: taken.expiresAt });
    expect(await store.peek(id)).toEqual({ attempts: 1 });
    now = 1000;
    expect(await store.peek(id)).toBeUndefined();
  });

  it('stays within its bound by dropping the oldest entries', async () => {
    let now = 0;
    const store = make<number>({ ttlMs: 60_000, max: 3, now: () => now++ });
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push(await store.put(n));
    expect(await store.peek(ids[0]!)).toBeUndefined();
    expect(await store.peek(ids[1]!)).toBeUndefined();
    expect(await store.peek(ids[4]!)).toBe(5);
  });

  it('keeps kinds apart, and never shows the store an id or a value in clear', async () => {
    const shared = backing();
    const seen: string[] = [];
    const spy: OneTimeRecordStore = {
      ...shared.store,
      put: (record, max) => (seen.push(JSON.stringify(record)), shared.store.put(record, max)),
    };
    const flows = createOneTimeStore<string>({ ...shared, store: spy, kind: 'flow', ttlMs: 1000 });
    const tickets = createOneTimeStore<string>({ ...shared, store: spy, kind: 'ticket', ttlMs: 1000 });
    const id = await flows.put('pkce-verifier-in-clear');
    expect(await tickets.peek(id)).toBeUndefined();
    expect(await flows.peek(id)).toBe('pkce-verifier-in-clear');
    expect(seen.join()).not.toContain(id);
    expect(seen.join()).not.toContain('pkce-verifier-in-clear');
  });

  it('refuses when storage fails, with SESSION_STORE_UNAVAILABLE', async () => {
    const shared = backing();
    const down = () => Promise.reject(new Error('connection refused'));
    const store = createOneTimeStore<string>({
      ...shared,
      store: { ...shared.store, put: down, take: down, peek: down },
      kind: 'k',
      ttlMs: 1000,
    });
    await expect(store.put('v')).rejects.toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE' });
    await expect(store.take('a'.repeat(43))).rejects.toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE' });
  });
});
