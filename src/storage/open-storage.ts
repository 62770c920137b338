import { openMemoryStorage } from './memory/index.js';
import { openPostgresStorage } from './postgres/index.js';
import { openSqliteStorage, sqlitePathIn } from './sqlite/index.js';
import type { Storage } from './storage.js';

export interface OpenStorageOptions {
  /** `sqlite:/path/to/file.db`, `postgres://…` / `postgresql://…`, or `memory:`. */
  url?: string;
  /** Used when no url is given: SQLite at `<dataDir>/bulwark.db`. */
  dataDir?: string;
  /** PostgreSQL schema (default 'public'). */
  schema?: string;
}

/** Opens the configured backend: SQLite in the data directory by default, PostgreSQL by URL. */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const { url, dataDir } = options;
  if (url === undefined || url === '') {
    if (dataDir === undefined) throw new Error('openStorage needs a url or a dataDir');
    return openSqliteStorage({ path: sqlitePathIn(dataDir) });
  }
  if (/^postgres(ql)?:\/\//.test(url))
    return openPostgresStorage(options.schema === undefined ? { url } : { url, schema: options.schema });
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error('sqlite: url needs a file path');
    return openSqliteStorage({ path });
  }
  if (url === 'memory:') return openMemoryStorage();
  throw new Error('unsupported storage url scheme (use sqlite:, postgres:// or memory:)');
}
