import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from '../ports/api-key-store.js';
import type { ConversationRecord } from '../ports/conversation-store.js';
import { testBackends } from './backends.js';

// The store methods retention and access reviews use (src/compliance), on every backend.
const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const conversation = (id: string, updatedAt: string, expiresAt: string): ConversationRecord => ({
  tenant: 'acme',
  principal: 'ana',
  conversationId: id,
  payload: randomBytes(32),
  version: 1,
  updatedAt,
  expiresAt,
});

const key = (id: string): ApiKeyRecord => ({
  id,
  tenant: 'acme',
  principal: 'app:billing',
  name: 'billing',
  role: 'developer',
  clearance: 'restricted',
  scopes: { models: ['gpt-4o'] },
  secretHash: randomBytes(32).toString('hex'),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe.each(backends)('retention store methods: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);

  it_('counts and deletes conversations expired or last updated before the cut-off', async () => {
    const { conversations } = await backend.open();
    const now = new Date('2026-03-01T00:00:00.000Z');
    const future = '2030-01-01T00:00:00.000Z';
    // put() compares expiry with the wall clock, so the expired row is written with a live expiry first.
    await conversations.put(conversation('old', '2026-01-01T00:00:00.000Z', future), 0);
    await conversations.put(conversation('fresh', '2026-02-20T00:00:00.000Z', future), 0);
    await conversations.put(
      conversation('expired', '2026-02-25T00:00:00.000Z', '2026-02-28T00:00:00.000Z'),
      0,
    );
    const before = '2026-02-01T00:00:00.000Z';
    expect(await conversations.countStale(before, now)).toBe(2);
    expect(await conversations.deleteStale(before, now)).toBe(2);
    expect(await conversations.countStale(before, now)).toBe(0);
    expect(
      await conversations.get({ tenant: 'acme', principal: 'ana', conversationId: 'fresh' }, now),
    ).toBeDefined();
  });

  it_('counts and deletes handled alerts last seen before the cut-off, never open ones', async () => {
    const { alerts } = await backend.open();
    const raise = (dedupeKey: string, at: string) =>
      alerts.raise(
        {
          id: 'al_' + randomUUID(),
          dedupeKey,
          detector: 'volume-spike',
          severity: 'medium',
          subjectKind: 'principal',
          subjectId: 'p',
          summary: 's',
          evidence: {},
          at,
        },
        at,
      );
    const old = await raise('a', '2025-01-01T00:00:00.000Z');
    await raise('b', '2025-01-02T00:00:00.000Z'); // open: kept however old
    const recent = await raise('c', '2026-02-01T00:00:00.000Z');
    await alerts.acknowledge(old.alert.id, 'admin', '2025-01-03T00:00:00.000Z');
    await alerts.acknowledge(recent.alert.id, 'admin', '2026-02-02T00:00:00.000Z');
    const before = '2026-01-01T00:00:00.000Z';
    expect(await alerts.countStale(before)).toBe(1);
    expect(await alerts.deleteStale(before)).toBe(1);
    expect(await alerts.get(old.alert.id)).toBeUndefined();
    expect((await alerts.list()).map((a) => a.dedupeKey).sort()).toEqual(['b', 'c']);
  });

  it_('sets role and clearance in place, reports the change, and refuses revoked keys', async () => {
    const { apiKeys } = await backend.open();
    const k1 = key('k1');
    await apiKeys.create(k1);
    await apiKeys.create(key('k2'));
    const at = '2026-02-01T00:00:00.000Z';
    expect(await apiKeys.setAccess('k1', { role: 'app', clearance: 'internal' }, at)).toBe(true);
    expect(await apiKeys.get('k1')).toEqual({ ...k1, role: 'app', clearance: 'internal', updatedAt: at });
    expect((await apiKeys.changedSince(at)).map((k) => k.id)).toEqual(['k1']);
    // Scopes change only when given; an empty object means any model and route.
    const later = '2026-02-02T00:00:00.000Z';
    const scopes = { models: ['gpt-4o-mini', 'claude'], routes: ['/v1/embeddings'] };
    expect(await apiKeys.setAccess('k1', { role: 'developer', clearance: 'public', scopes }, later)).toBe(
      true,
    );
    expect(await apiKeys.get('k1')).toEqual({
      ...k1,
      role: 'developer',
      clearance: 'public',
      scopes,
      updatedAt: later,
    });
    expect(await apiKeys.setAccess('k1', { role: 'app', clearance: 'public', scopes: {} }, later)).toBe(true);
    expect((await apiKeys.get('k1'))?.scopes).toEqual({});
    await apiKeys.revoke('k2', at);
    expect(await apiKeys.setAccess('k2', { role: 'app', clearance: 'public' }, at)).toBe(false);
    expect(await apiKeys.setAccess('missing', { role: 'app', clearance: 'public' }, at)).toBe(false);
  });
});
