import type { Migration } from '../migrate.js';

/** PostgreSQL schema, versioned. Never edit an applied migration: add a new one. */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'audit log',
    sql: `
      CREATE TABLE audit_entries (
        seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, time TEXT NOT NULL, body TEXT NOT NULL,
        leaf_hash TEXT NOT NULL, chain_hash TEXT NOT NULL);
      CREATE INDEX audit_entries_time ON audit_entries (time);
      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1), size BIGINT NOT NULL, chain_hash TEXT NOT NULL,
        frontier JSONB NOT NULL, retained_from BIGINT NOT NULL);
      INSERT INTO audit_head VALUES (1, 0, '${'0'.repeat(64)}', '[]', 0);
      CREATE TABLE audit_checkpoints (
        tree_size BIGINT PRIMARY KEY, root_hash TEXT NOT NULL, chain_hash TEXT NOT NULL, time TEXT NOT NULL,
        key_id TEXT NOT NULL, signature TEXT NOT NULL, frontier JSONB NOT NULL);`,
  },
  {
    version: 2,
    name: 'data keys',
    sql: `
      CREATE TABLE data_keys (
        key_id TEXT PRIMARY KEY, subject TEXT NOT NULL UNIQUE, root_key_id TEXT NOT NULL,
        wrapped BYTEA NOT NULL, created_at TEXT NOT NULL);`,
  },
  {
    version: 3,
    name: 'conversations',
    sql: `
      CREATE TABLE conversations (
        tenant TEXT NOT NULL, principal TEXT NOT NULL, conversation_id TEXT NOT NULL, payload BYTEA NOT NULL,
        version INTEGER NOT NULL, updated_at TEXT NOT NULL, expires_at TEXT NOT NULL,
        PRIMARY KEY (tenant, principal, conversation_id));
      CREATE INDEX conversations_expires ON conversations (expires_at);`,
  },
  {
    version: 4,
    name: 'identity: api keys and users',
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY, tenant TEXT NOT NULL, data JSONB NOT NULL, expires_at TEXT, revoked_at TEXT,
        last_used_at TEXT, updated_at TEXT NOT NULL);
      CREATE INDEX api_keys_tenant ON api_keys (tenant);
      CREATE INDEX api_keys_updated ON api_keys (updated_at);
      CREATE TABLE users (
        id TEXT PRIMARY KEY, tenant TEXT NOT NULL, username TEXT NOT NULL, version INTEGER NOT NULL,
        data JSONB NOT NULL, UNIQUE (tenant, username));`,
  },
  {
    version: 5,
    name: 'monitoring alerts',
    sql: `
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY, dedupe_key TEXT NOT NULL, status TEXT NOT NULL, first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL, data JSONB NOT NULL);
      CREATE INDEX alerts_dedupe ON alerts (dedupe_key, last_seen);
      CREATE INDEX alerts_first_seen ON alerts (first_seen);`,
  },
  {
    version: 6,
    name: 'api key suspension',
    sql: `ALTER TABLE api_keys ADD COLUMN suspended_at TEXT;`,
  },
  {
    version: 7,
    name: 'tenants',
    sql: `CREATE TABLE tenants (id TEXT PRIMARY KEY, data JSONB NOT NULL);`,
  },
  {
    version: 8,
    name: 'console sessions and one-time records',
    sql: `
      CREATE TABLE console_sessions (
        id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen_at BIGINT NOT NULL,
        idle_ms BIGINT NOT NULL, expires_at BIGINT NOT NULL, live_until BIGINT NOT NULL, data JSONB NOT NULL);
      CREATE INDEX console_sessions_user ON console_sessions (user_id);
      CREATE INDEX console_sessions_live_until ON console_sessions (live_until);
      CREATE TABLE one_time_records (
        kind TEXT NOT NULL, id_hash TEXT NOT NULL, value TEXT NOT NULL, expires_at BIGINT NOT NULL,
        PRIMARY KEY (kind, id_hash));
      CREATE INDEX one_time_records_kind_expires ON one_time_records (kind, expires_at);
      CREATE INDEX one_time_records_expires ON one_time_records (expires_at);`,
  },
];
