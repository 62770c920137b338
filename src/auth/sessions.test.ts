import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { TEST_POSTGRES_URL, testBackends } from '../storage/contract/backends.js';
import {
  openMemoryStorage,
  openPostgresStorage,
  openSqliteStorage,
  type ConsoleSessionStore,
  type Storage,
  type UserRecord,
} from '../storage/index.js';
import { createOneTimeStore } from './one-time-store.js';
import { createSessionStore, csrfMatches } from './sessions.js';

const user = (over: Partial<UserRecord> = {}): UserRecord => ({
  id: 'u-' + randomBytes(4).toString('hex'),
  tenant: 'acme',
  username: 'ana',
  roles: ['auditor'],
  clearance: 'internal',
  mfa: { recoveryCodeHashes: [] },
  disabled: false,
  failedLogins: 0,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
  version: 1,
  ...over,
});

const ringFor = (storage: Storage, root = randomBytes(32)) =>
  createKeyRing({ kms: createLocalKms([root]), store: storage.dataKeys });

function memorySessions(now: () => number, extra: { idleMs?: number; absoluteMs?: number } = {}) {
  const storage = openMemoryStorage();
  const keyRing = ringFor(storage);
  return {
    storage,
    keyRing,
    sessions: createSessionStore({ store: storage.consoleSessions, keyRing, now, ...extra }),
  };
}

describe('console sessions', () => {
  it('derives the CSRF token from the id: the same on every read, new after rotation', async () => {
    let clock = 1_000_000;
    const { sessions } = memorySessions(() => clock);
    const ana = user();
    const s = await sessions.create(ana);
    expect(s.id).toMatch(/^[\w-]{43}$/);
    expect(s.csrf).toMatch(/^[\w-]{43}$/);
    clock += 1_000;
    const again = await sessions.use(s.id);
    expect(again && csrfMatches(s.csrf, again.csrf)).toBe(true);
    const rotated = await sessions.rotate(again!, { ...ana, roles: ['admin'], version: 2 });
    expect(rotated).toMatchObject({ roles: ['admin'], userVersion: 2, createdAt: s.createdAt });
    expect(rotated!.id).not.toBe(s.id);
    expect(rotated!.csrf).not.toBe(s.csrf);
    expect(await sessions.use(s.id)).toBeUndefined();
    // The old session cannot be rotated twice (a second replica racing the first gets nothing).
    expect(await sessions.rotate(again!, { ...ana, version: 2 })).toBeUndefined();
  });

  it('applies the idle and absolute timeouts', async () => {
    let clock = 0;
    const { sessions } = memorySessions(() => clock, { idleMs: 10_000, absoluteMs: 25_000 });
    const s = await sessions.create(user());
    clock = 9_000;
    expect(await sessions.use(s.id)).toBeDefined();
    clock = 18_000;
    expect(await sessions.use(s.id)).toBeDefined();
    clock = 24_999;
    expect(await sessions.use(s.id)).toBeDefined();
    clock = 25_000;
    expect(await sessions.use(s.id)).toBeUndefined();
    const idle = await sessions.create(user());
    clock += 10_000;
    expect(await sessions.use(idle.id)).toBeUndefined();
  });

  it('is shared by every replica on one store: a logout or a disable on one bites on the other', async () => {
    const storage = openMemoryStorage();
    const keyRing = ringFor(storage);
    const a = createSessionStore({ store: storage.consoleSessions, keyRing });
    const b = createSessionStore({ store: storage.consoleSessions, keyRing });
    const ana = user();
    const first = await a.create(ana);
    expect(await b.use(first.id)).toMatchObject({ userId: ana.id, csrf: first.csrf });
    await b.destroy(first.id);
    expect(await a.use(first.id)).toBeUndefined();
    const [x, y] = [await a.create(ana), await b.create(ana)];
    expect(await a.destroyUser(ana.id)).toBe(2);
    expect(await b.use(x.id)).toBeUndefined();
    expect(await a.use(y.id)).toBeUndefined();
  });

  it('refuses malformed cookie values without asking the store', async () => {
    const storage = openMemoryStorage();
    let asked = 0;
    const store: ConsoleSessionStore = {
      ...storage.consoleSessions,
      use: (...args) => (asked++, storage.consoleSessions.use(...args)),
    };
    const sessions = createSessionStore({ store, keyRing: ringFor(storage) });
    for (const junk of ['', 'x', 'a'.repeat(44), 'a'.repeat(42) + '!'])
      expect(await sessions.use(junk)).toBeUndefined();
    expect(asked).toBe(0);
  });

  it('fails closed when storage fails: SESSION_STORE_UNAVAILABLE, never a session', async () => {
    const storage = openMemoryStorage();
    const keyRing = ringFor(storage);
    const good = await createSessionStore({ store: storage.consoleSessions, keyRing }).create(user());
    const down = () => Promise.reject(new Error('connection refused'));
    const broken: ConsoleSessionStore = {
      create: down,
      use: down,
      rotate: down,
      delete: down,
      deleteForUser: down,
      deleteExpired: down,
    };
    const sessions = createSessionStore({ store: broken, keyRing });
    for (const attempt of [sessions.use(good.id), sessions.create(user()), sessions.destroy(good.id)])
      await expect(attempt).rejects.toMatchObject({ code: 'SESSION_STORE_UNAVAILABLE', status: 503 });
  });
});

// Only for PostgreSQL's reachability (skipped with a notice, an error under CI=true).
const backends = await testBackends();
const postgresSkip = backends.find((b) => b.name === 'postgres')?.skip;

describe('console state at rest', () => {
  const dirs: string[] = [];
  const schemas: string[] = [];
  afterAll(async () => {
    for (const b of backends) await b.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (schemas.length === 0) return;
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client.end();
  });

  /** Plants a session and SSO state; returns every secret a database reader must not learn. */
  async function plant(storage: Storage) {
    const keyRing = ringFor(storage);
    const ana = user({ id: 'planted-user-' + randomBytes(4).toString('hex') });
    const session = await createSessionStore({ store: storage.consoleSessions, keyRing }).create(ana);
    const flows = createOneTimeStore<{ codeVerifier: string }>({
      store: storage.oneTimeRecords,
      keyRing,
      kind: 'sso-flow',
      ttlMs: 60_000,
    });
    const codeVerifier = 'verifier-' + randomBytes(16).toString('hex');
    const flow = await flows.put({ codeVerifier });
    expect(await flows.peek(flow)).toEqual({ codeVerifier });
    return { marker: ana.id, secrets: [session.id, session.csrf, flow, codeVerifier] };
  }

  it('keeps no session id, CSRF token, one-time id or OIDC verifier in the SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-at-rest-'));
    dirs.push(dir);
    const path = join(dir, 'bulwark.db');
    const storage = openSqliteStorage({ path });
    const { marker, secrets } = await plant(storage);
    const bytes = () =>
      [path, `${path}-wal`]
        .filter((p) => existsSync(p))
        .map((p) => readFileSync(p).toString('latin1'))
        .join('');
    // Read while open (the WAL holds recent writes) and after close (checkpointed into the file).
    for (const phase of ['open', 'closed']) {
      if (phase === 'closed') await storage.close();
      const raw = bytes();
      expect(raw).toContain(marker);
      for (const secret of secrets) expect(raw).not.toContain(secret);
    }
  });

  it.skipIf(postgresSkip !== undefined)('keeps none of them in the PostgreSQL rows either', async () => {
    const schema = `bulwark_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    schemas.push(schema);
    const storage = await openPostgresStorage({ url: TEST_POSTGRES_URL, schema, max: 2 });
    try {
      const { marker, secrets } = await plant(storage);
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        const rows = await client.query<{ row: string }>(
          `SELECT row_to_json(s)::text AS row FROM ${schema}.console_sessions s
             UNION ALL SELECT row_to_json(o)::text FROM ${schema}.one_time_records o`,
        );
        const raw = rows.rows.map((r) => r.row).join('\n');
        expect(rows.rows).toHaveLength(2);
        expect(raw).toContain(marker);
        for (const secret of secrets) expect(raw).not.toContain(secret);
      } finally {
        await client.end();
      }
    } finally {
      await storage.close();
    }
  });
});
