import type { Storage } from '../storage.js';
import { createPostgresAlertStore } from './postgres-alert-store.js';
import { migratePostgres, openPostgresPool, type OpenPostgresOptions } from './database.js';
import { postgresMigrations } from './migrations.js';
import { createPostgresAuditStore } from './postgres-audit-store.js';
import {
  createPostgresConsoleSessionStore,
  createPostgresOneTimeRecordStore,
} from './postgres-console-stores.js';
import { createPostgresConversationStore } from './postgres-conversation-store.js';
import { createPostgresDataKeyStore } from './postgres-data-key-store.js';
import { createPostgresApiKeyStore, createPostgresUserStore } from './postgres-identity-stores.js';
import { createPostgresTenantStore } from './postgres-tenant-store.js';

export type OpenPostgresStorageOptions = OpenPostgresOptions;

/** The scale-out backend: a connection pool on one PostgreSQL, migrated on open. */
export async function openPostgresStorage(options: OpenPostgresStorageOptions): Promise<Storage> {
  const pool = await openPostgresPool(options);
  try {
    await migratePostgres(pool, postgresMigrations);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    backend: 'postgres',
    audit: createPostgresAuditStore(pool),
    dataKeys: createPostgresDataKeyStore(pool),
    conversations: createPostgresConversationStore(pool),
    apiKeys: createPostgresApiKeyStore(pool),
    users: createPostgresUserStore(pool),
    tenants: createPostgresTenantStore(pool),
    alerts: createPostgresAlertStore(pool),
    consoleSessions: createPostgresConsoleSessionStore(pool),
    oneTimeRecords: createPostgresOneTimeRecordStore(pool),
    close: () => pool.end(),
  };
}
