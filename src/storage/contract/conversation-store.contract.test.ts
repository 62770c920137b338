import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConversationRecord } from '../ports/conversation-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const HOUR = 3_600_000;
const record = (
  principal: string,
  conversationId: string,
  version = 1,
  ttlMs = HOUR,
): ConversationRecord => ({
  tenant: 'acme',
  principal,
  conversationId,
  payload: randomBytes(48),
  version,
  updatedAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + ttlMs).toISOString(),
});

describe.each(backends)('ConversationStore contract: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)('stores and reads a conversation by its full key only', async () => {
    const { conversations } = await backend.open();
    const id = randomUUID();
    const r = record('alice', id);
    expect(await conversations.put(r, 0)).toBe(true);
    expect(await conversations.get(r)).toEqual(r);
    expect(await conversations.get({ ...r, principal: 'mallory' })).toBeUndefined();
    expect(await conversations.get({ ...r, tenant: 'other' })).toBeUndefined();
  });

  it.skipIf(backend.skip !== undefined)(
    'keeps principals apart even with the same conversation id',
    async () => {
      const { conversations } = await backend.open();
      const id = randomUUID();
      const a = record('alice', id);
      const m = record('mallory', id);
      expect(await conversations.put(a, 0)).toBe(true);
      expect(await conversations.put(m, 0)).toBe(true);
      expect((await conversations.get(a))?.payload).toEqual(a.payload);
      expect((await conversations.get(m))?.payload).toEqual(m.payload);
      expect(await conversations.deleteByPrincipal('acme', 'mallory')).toBe(1);
      expect(await conversations.get(a)).toBeDefined();
    },
  );

  it.skipIf(backend.skip !== undefined)('refuses a write based on a stale version', async () => {
    const { conversations } = await backend.open();
    const first = record('bob', randomUUID());
    await conversations.put(first, 0);
    expect(await conversations.put({ ...first, version: 2 }, 1)).toBe(true);
    expect(await conversations.put({ ...first, version: 2 }, 1)).toBe(false);
    expect(await conversations.put(first, 0)).toBe(false);
    expect((await conversations.get(first))?.version).toBe(2);
  });

  it.skipIf(backend.skip !== undefined)('treats expired records as absent and purges them', async () => {
    const { conversations } = await backend.open();
    const old = record('carol', randomUUID(), 1, -1000);
    expect(await conversations.put(old, 0)).toBe(true);
    expect(await conversations.get(old)).toBeUndefined();
    expect(await conversations.put(record('carol', old.conversationId), 0)).toBe(true);
    await conversations.put(record('carol', randomUUID(), 1, -1000), 0);
    expect(await conversations.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await conversations.get({ ...old })).toBeDefined();
    expect(await conversations.delete(old)).toBe(true);
    expect(await conversations.get(old)).toBeUndefined();
  });
});

describe.each(backends)('ConversationStore.listByPrincipal: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)('lists only the live conversations of that principal', async () => {
    const { conversations } = await backend.open();
    await conversations.put(record('ana', 'b'), 0);
    await conversations.put(record('ana', 'a'), 0);
    await conversations.put(record('ana', 'old', 1, -1000), 0);
    await conversations.put(record('bob', 'c'), 0);
    expect(await conversations.listByPrincipal('acme', 'ana')).toEqual([
      { tenant: 'acme', principal: 'ana', conversationId: 'a' },
      { tenant: 'acme', principal: 'ana', conversationId: 'b' },
    ]);
    expect(await conversations.listByPrincipal('other', 'ana')).toEqual([]);
  });
});
