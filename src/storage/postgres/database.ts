import pg from 'pg';
import { pendingMigrations, type Migration } from '../migrate.js';

export interface OpenPostgresOptions {
  /** postgres://user@host:port/db */
  url: string;
  /** Schema holding Bulwark's tables (created if missing). Default 'public'. */
  schema?: string;
  /** Maximum pooled connections. */
  max?: number;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

// Arbitrary constant naming Bulwark's migration lock among other advisory locks.
const MIGRATION_LOCK = 0x42_75_6c_77;

/** A pool whose connections all use `schema` first on the search path. */
export async function openPostgresPool({
  url,
  schema = 'public',
  max = 10,
}: OpenPostgresOptions): Promise<pg.Pool> {
  if (!IDENT.test(schema)) throw new Error('postgres schema must be a lower-case SQL identifier');
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    // CREATE SCHEMA IF NOT EXISTS races when replicas start together; serialise it on the same lock.
    if (schema !== 'public') {
      await setup.query('BEGIN');
      await setup.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await setup.query('COMMIT');
    }
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` in a transaction on one pooled connection. */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Applies pending migrations in one transaction under an advisory lock, so replicas can start together. */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[]): Promise<number[]> {
  return transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const done = (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows;
    const pending = pendingMigrations(
      migrations,
      done.map((r) => r.version),
    );
    for (const m of pending) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
    }
    return pending.map((m) => m.version);
  });
}
