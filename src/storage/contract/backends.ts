import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openMemoryStorage } from '../memory/index.js';
import { openPostgresStorage } from '../postgres/index.js';
import { openSqliteStorage } from '../sqlite/index.js';
import type { Storage } from '../storage.js';

/** The PostgreSQL the contract tests use (CI and these machines run one here). */
export const TEST_POSTGRES_URL =
  process.env.BULWARK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One backend under test: `open()` gives a fresh, empty storage; `cleanup()` removes all of them. */
export interface TestBackend {
  name: 'memory' | 'sqlite' | 'postgres';
  /** Set when the backend cannot run here; the suite skips it with this notice. */
  skip?: string;
  open(): Promise<Storage>;
  cleanup(): Promise<void>;
}

/** Why the test PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Every backend, for contract tests. PostgreSQL gets a unique schema per `open()`, dropped by
 * `cleanup()`. When PostgreSQL is unreachable it is skipped with a visible notice, except under
 * CI=true, where that is an error.
 */
export async function testBackends(): Promise<TestBackend[]> {
  const tempDirs: string[] = [];
  const schemas: string[] = [];
  const opened: Storage[] = [];
  const track = (s: Storage) => (opened.push(s), s);
  const closeAll = async () => {
    await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
  };

  const pgProblem = await postgresReachable();
  if (pgProblem !== undefined) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true: ${pgProblem}`);
    console.warn(
      `\n  ⚠ PostgreSQL at ${TEST_POSTGRES_URL} unreachable (${pgProblem}): postgres contract tests SKIPPED\n`,
    );
  }

  return [
    { name: 'memory', open: () => Promise.resolve(track(openMemoryStorage())), cleanup: closeAll },
    {
      name: 'sqlite',
      open() {
        const dir = mkdtempSync(join(tmpdir(), 'bulwark-sqlite-'));
        tempDirs.push(dir);
        return Promise.resolve(track(openSqliteStorage({ path: join(dir, 'bulwark.db') })));
      },
      async cleanup() {
        await closeAll();
        for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      },
    },
    {
      name: 'postgres',
      ...(pgProblem === undefined ? {} : { skip: `PostgreSQL unreachable: ${pgProblem}` }),
      async open() {
        const schema = `bulwark_test_${process.pid}_${randomBytes(4).toString('hex')}`;
        schemas.push(schema);
        return track(await openPostgresStorage({ url: TEST_POSTGRES_URL, schema, max: 4 }));
      },
      async cleanup() {
        await closeAll();
        if (schemas.length === 0) return;
        const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await client.connect();
        try {
          for (const schema of schemas.splice(0))
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    },
  ];
}
