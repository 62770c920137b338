import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsoleSessionRecord } from '../ports/console-session-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const T0 = 1_780_000_000_000;
const hash = () => randomBytes(32).toString('hex');
const session = (over: Partial<ConsoleSessionRecord> = {}): ConsoleSessionRecord => ({
  idHash: hash(),
  userId: 'u1',
  tenant: 'acme',
  roles: ['auditor', 'developer'],
  clearance: 'confidential',
  userVersion: 3,
  createdAt: T0,
  lastSeenAt: T0,
  idleMs: 1_000,
  expiresAt: T0 + 10_000,
  ...over,
});

describe.each(backends)('ConsoleSessionStore contract: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);

  it_('creates once and reads a live session back exactly', async () => {
    const { consoleSessions: store } = await backend.open();
    const s = session();
    expect(await store.create(s)).toBe(true);
    expect(await store.create({ ...s, userId: 'other' })).toBe(false);
    expect(await store.use(s.idHash, T0 + 10, 60_000)).toEqual(s);
    expect(await store.use(hash(), T0, 0)).toBeUndefined();
  });

  it_('ends a session left idle, and deletes it on that read', async () => {
    const { consoleSessions: store } = await backend.open();
    const s = session();
    await store.create(s);
    expect((await store.use(s.idHash, T0 + 600, 0))?.lastSeenAt).toBe(T0 + 600);
    expect((await store.use(s.idHash, T0 + 1_599, 0))?.lastSeenAt).toBe(T0 + 1_599);
    expect(await store.use(s.idHash, T0 + 2_599, 0)).toBeUndefined();
    // Gone, not merely refused: a later clock skew cannot bring it back.
    expect(await store.use(s.idHash, T0 + 1_600, 0)).toBeUndefined();
  });

  it_('ends a session at its absolute deadline however busy it is', async () => {
    const { consoleSessions: store } = await backend.open();
    const s = session();
    await store.create(s);
    for (let t = T0 + 900; t < s.expiresAt; t += 900) expect(await store.use(s.idHash, t, 0)).toBeDefined();
    expect(await store.use(s.idHash, s.expiresAt, 0)).toBeUndefined();
  });

  it_('writes lastSeenAt only when it is older than the touch interval', async () => {
    const { consoleSessions: store } = await backend.open();
    const s = session();
    await store.create(s);
    expect((await store.use(s.idHash, T0 + 200, 300))?.lastSeenAt).toBe(T0);
    expect((await store.use(s.idHash, T0 + 300, 300))?.lastSeenAt).toBe(T0 + 300);
    expect((await store.use(s.idHash, T0 + 500, 300))?.lastSeenAt).toBe(T0 + 300);
    // Idle counts from the last write: 1 000 ms after T0 + 300, not after T0 + 500.
    expect(await store.use(s.idHash, T0 + 1_300, 300)).toBeUndefined();
  });

  it_('rotates in one step: the old hash stops working, the new one keeps the deadline', async () => {
    const { consoleSessions: store } = await backend.open();
    const old = session();
    await store.create(old);
    const next = session({ roles: ['admin'], userVersion: 4, lastSeenAt: T0 + 100 });
    expect(await store.rotate(old.idHash, next, T0 + 100)).toBe(true);
    expect(await store.use(old.idHash, T0 + 100, 0)).toBeUndefined();
    expect(await store.use(next.idHash, T0 + 100, 60_000)).toEqual(next);
    // A second rotation of the same old session (another replica, a replayed cookie) writes nothing.
    const late = session();
    expect(await store.rotate(old.idHash, late, T0 + 100)).toBe(false);
    expect(await store.use(late.idHash, T0 + 100, 0)).toBeUndefined();
  });

  it_('refuses to rotate a dead session', async () => {
    const { consoleSessions: store } = await backend.open();
    const old = session();
    await store.create(old);
    const next = session();
    expect(await store.rotate(old.idHash, next, T0 + 5_000)).toBe(false);
    expect(await store.use(next.idHash, T0 + 5_000, 0)).toBeUndefined();
  });

  it_('lets one of several concurrent rotations of a session win', async () => {
    const { consoleSessions: store } = await backend.open();
    const old = session();
    await store.create(old);
    const candidates = Array.from({ length: 6 }, () => session());
    const won = await Promise.all(candidates.map((c) => store.rotate(old.idHash, c, T0 + 1)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const live = await Promise.all(candidates.map((c) => store.use(c.idHash, T0 + 1, 60_000)));
    expect(live.filter((s) => s !== undefined)).toHaveLength(1);
  });

  it_('deletes one session at logout and all of a user’s sessions when disabled', async () => {
    const { consoleSessions: store } = await backend.open();
    const [a, b, c] = [session(), session(), session({ userId: 'u2' })];
    for (const s of [a, b, c]) await store.create(s);
    expect(await store.delete(a.idHash)).toBe(true);
    expect(await store.delete(a.idHash)).toBe(false);
    expect(await store.use(a.idHash, T0, 0)).toBeUndefined();
    await store.create(session());
    expect(await store.deleteForUser('u1')).toBe(2);
    expect(await store.use(b.idHash, T0, 0)).toBeUndefined();
    expect(await store.use(c.idHash, T0, 0)).toBeDefined();
  });

  it_('cleans up dead sessions in bounded batches and leaves live ones', async () => {
    const { consoleSessions: store } = await backend.open();
    const dead = Array.from({ length: 5 }, () => session({ expiresAt: T0 + 500 }));
    const live = [session(), session()];
    for (const s of [...dead, ...live]) await store.create(s);
    const now = T0 + 700;
    expect(await store.deleteExpired(now, 3)).toBe(3);
    expect(await store.deleteExpired(now, 3)).toBe(2);
    expect(await store.deleteExpired(now, 3)).toBe(0);
    for (const s of live) expect(await store.use(s.idHash, now, 60_000)).toBeDefined();
  });
});

describe.each(backends)('OneTimeRecordStore contract: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);
  const record = (kind = 'sso-flow', expiresAt = T0 + 1_000) => ({
    kind,
    idHash: hash(),
    value: randomBytes(24).toString('base64'),
    expiresAt,
  });

  it_('hands a record out once, per kind', async () => {
    const { oneTimeRecords: store } = await backend.open();
    const r = record();
    expect(await store.put(r, 100)).toBe(true);
    expect(await store.put({ ...r, value: 'again' }, 100)).toBe(false);
    expect(await store.peek('sso-ticket', r.idHash, T0)).toBeUndefined();
    expect(await store.peek(r.kind, r.idHash, T0)).toEqual(r);
    expect(await store.take(r.kind, r.idHash, T0)).toEqual(r);
    expect(await store.take(r.kind, r.idHash, T0)).toBeUndefined();
    expect(await store.peek(r.kind, r.idHash, T0)).toBeUndefined();
  });

  it_('expires records at their deadline', async () => {
    const { oneTimeRecords: store } = await backend.open();
    const r = record();
    await store.put(r, 100);
    expect(await store.peek(r.kind, r.idHash, r.expiresAt - 1)).toEqual(r);
    expect(await store.peek(r.kind, r.idHash, r.expiresAt)).toBeUndefined();
    expect(await store.take(r.kind, r.idHash, r.expiresAt)).toBeUndefined();
  });

  it_('gives a record to exactly one of many concurrent takers', async () => {
    const { oneTimeRecords: store } = await backend.open();
    const r = record();
    await store.put(r, 100);
    const taken = await Promise.all(Array.from({ length: 12 }, () => store.take(r.kind, r.idHash, T0)));
    expect(taken.filter((t) => t !== undefined)).toEqual([r]);
  });

  it_('stays within its bound per kind by dropping the oldest records', async () => {
    const { oneTimeRecords: store } = await backend.open();
    const flows = [1, 2, 3, 4, 5].map((n) => record('sso-flow', T0 + n * 100));
    const ticket = record('sso-ticket', T0 + 50);
    await store.put(ticket, 3);
    for (const f of flows) await store.put(f, 3);
    const left = await Promise.all(flows.map((f) => store.peek(f.kind, f.idHash, T0)));
    expect(left.map((l) => l !== undefined)).toEqual([false, false, true, true, true]);
    expect(await store.peek(ticket.kind, ticket.idHash, T0)).toEqual(ticket);
  });

  it_('deletes one record, and expired ones in bounded batches', async () => {
    const { oneTimeRecords: store } = await backend.open();
    const live = record('sso-ticket', T0 + 10_000);
    const expired = [record('sso-flow', T0 + 10), record('sso-ticket', T0 + 20), record('sso-flow', T0 + 30)];
    for (const r of [live, ...expired]) await store.put(r, 100);
    expect(await store.delete(live.kind, live.idHash)).toBe(true);
    expect(await store.delete(live.kind, live.idHash)).toBe(false);
    await store.put(live, 100);
    expect(await store.deleteExpired(T0 + 100, 2)).toBe(2);
    expect(await store.deleteExpired(T0 + 100, 2)).toBe(1);
    expect(await store.peek(live.kind, live.idHash, T0 + 100)).toEqual(live);
  });
});
