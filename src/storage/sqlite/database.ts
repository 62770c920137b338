import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pendingMigrations, type Migration } from '../migrate.js';

export interface OpenSqliteOptions {
  /** Database file path, or ':memory:'. */
  path: string;
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) a SQLite database in WAL mode with the settings every store relies on. */
export function openSqlite({ path, busyTimeoutMs = 5000 }: OpenSqliteOptions): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path);
  if (path !== ':memory:') chmodSync(path, 0o600); // owner only, like the root key file
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  db.exec('PRAGMA journal_mode = WAL');
  // FULL: a committed audit append survives power loss, not only a process crash.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  // Deleted content is overwritten, so a shredded data key does not linger in free pages.
  db.exec('PRAGMA secure_delete = ON');
  return db;
}

/** Runs `fn` inside BEGIN IMMEDIATE … COMMIT (the write lock is taken up front), rolling back on error. */
export function immediate<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Applies pending migrations, each in its own transaction, recording them in `schema_migrations`. */
export function migrateSqlite(db: DatabaseSync, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied: number[] = [];
  for (const m of migrations) {
    immediate(db, () => {
      // Re-read under the write lock: another process may have applied it meanwhile.
      const done = db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => Number(r.version));
      if (pendingMigrations([m], done).length === 0) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
      applied.push(m.version);
    });
  }
  return applied;
}
