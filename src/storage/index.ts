/** Storage ports and their adapters (memory, SQLite, PostgreSQL); open one backend with `openStorage`. */
export type { Storage } from './storage.js';
export { openStorage } from './open-storage.js';
export type { OpenStorageOptions } from './open-storage.js';
export { openMemoryStorage } from './memory/index.js';
export { openSqliteStorage, sqlitePathIn } from './sqlite/index.js';
export { openPostgresStorage } from './postgres/index.js';
export { EMPTY_AUDIT_HEAD } from './ports/audit-store.js';
export type {
  AuditStore,
  AuditEntry,
  AuditHead,
  AuditCheckpoint,
  AuditAppendBuilder,
} from './ports/audit-store.js';
export type { DataKeyStore, DataKeyRecord, DataKeyRewrap } from './ports/data-key-store.js';
export type { ConversationStore, ConversationRecord, ConversationKey } from './ports/conversation-store.js';
export type { ApiKeyStore, ApiKeyRecord } from './ports/api-key-store.js';
export type { UserStore, UserRecord } from './ports/user-store.js';
export type { TenantStore, TenantRecord } from './ports/tenant-store.js';
export { sessionDeadline } from './ports/console-session-store.js';
export type { ConsoleSessionStore, ConsoleSessionRecord } from './ports/console-session-store.js';
export type { OneTimeRecordStore, OneTimeRecord } from './ports/one-time-record-store.js';
export { ALERT_STATUSES } from './ports/alert-store.js';
export type { AlertStore, AlertRecord, AlertStatus, NewAlert, RaiseResult } from './ports/alert-store.js';
export type { ReplicaBus, ReplicaBusStatus } from './ports/replica-bus.js';
export { createMemoryReplicaHub } from './memory/memory-replica-bus.js';
export type { MemoryReplicaHub } from './memory/memory-replica-bus.js';
export { openRedisReplicaBus } from './redis/redis-replica-bus.js';
export type { RedisReplicaBusOptions } from './redis/redis-replica-bus.js';
export type { Migration } from './migrate.js';
