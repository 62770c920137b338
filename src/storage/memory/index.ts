import type { Storage } from '../storage.js';
import { createMemoryAlertStore } from './memory-alert-store.js';
import { createMemoryAuditStore } from './memory-audit-store.js';
import { createMemoryConsoleSessionStore, createMemoryOneTimeRecordStore } from './memory-console-stores.js';
import { createMemoryConversationStore } from './memory-conversation-store.js';
import { createMemoryDataKeyStore } from './memory-data-key-store.js';
import { createMemoryApiKeyStore, createMemoryUserStore } from './memory-identity-stores.js';
import { createMemoryTenantStore } from './memory-tenant-store.js';

/** Every store in process memory: for tests and single-shot tools. */
export function openMemoryStorage(): Storage {
  return {
    backend: 'memory',
    audit: createMemoryAuditStore(),
    dataKeys: createMemoryDataKeyStore(),
    conversations: createMemoryConversationStore(),
    apiKeys: createMemoryApiKeyStore(),
    users: createMemoryUserStore(),
    tenants: createMemoryTenantStore(),
    alerts: createMemoryAlertStore(),
    consoleSessions: createMemoryConsoleSessionStore(),
    oneTimeRecords: createMemoryOneTimeRecordStore(),
    close: () => Promise.resolve(),
  };
}
