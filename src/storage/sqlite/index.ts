import { join } from 'node:path';
import type { Storage } from '../storage.js';
import { createSqliteAlertStore } from './sqlite-alert-store.js';
import { migrateSqlite, openSqlite } from './database.js';
import { sqliteMigrations } from './migrations.js';
import { createSqliteAuditStore } from './sqlite-audit-store.js';
import { createSqliteConsoleSessionStore, createSqliteOneTimeRecordStore } from './sqlite-console-stores.js';
import { createSqliteConversationStore } from './sqlite-conversation-store.js';
import { createSqliteDataKeyStore } from './sqlite-data-key-store.js';
import { createSqliteApiKeyStore, createSqliteUserStore } from './sqlite-identity-stores.js';
import { createSqliteTenantStore } from './sqlite-tenant-store.js';

export interface OpenSqliteStorageOptions {
  /** The database file (default `<dataDir>/bulwark.db`). */
  path: string;
  busyTimeoutMs?: number;
}

/** The embedded default: one SQLite file in WAL mode, migrated on open. */
export function openSqliteStorage(options: OpenSqliteStorageOptions): Storage {
  const db = openSqlite(options);
  migrateSqlite(db, sqliteMigrations);
  return {
    backend: 'sqlite',
    audit: createSqliteAuditStore(db),
    dataKeys: createSqliteDataKeyStore(db),
    conversations: createSqliteConversationStore(db),
    apiKeys: createSqliteApiKeyStore(db),
    users: createSqliteUserStore(db),
    tenants: createSqliteTenantStore(db),
    alerts: createSqliteAlertStore(db),
    consoleSessions: createSqliteConsoleSessionStore(db),
    oneTimeRecords: createSqliteOneTimeRecordStore(db),
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}

/** Default database file inside a data directory. */
export const sqlitePathIn = (dataDir: string): string => join(dataDir, 'bulwark.db');
