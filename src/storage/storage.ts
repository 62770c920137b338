import type { AlertStore } from './ports/alert-store.js';
import type { ApiKeyStore } from './ports/api-key-store.js';
import type { AuditStore } from './ports/audit-store.js';
import type { ConversationStore } from './ports/conversation-store.js';
import type { ConsoleSessionStore } from './ports/console-session-store.js';
import type { DataKeyStore } from './ports/data-key-store.js';
import type { OneTimeRecordStore } from './ports/one-time-record-store.js';
import type { TenantStore } from './ports/tenant-store.js';
import type { UserStore } from './ports/user-store.js';

/** Every store of one backend, opened together and closed together. Injected, never global. */
export interface Storage {
  /** 'memory' | 'sqlite' | 'postgres' */
  readonly backend: string;
  readonly audit: AuditStore;
  readonly dataKeys: DataKeyStore;
  readonly conversations: ConversationStore;
  readonly apiKeys: ApiKeyStore;
  readonly users: UserStore;
  readonly tenants: TenantStore;
  /** Monitoring alerts (src/monitor). */
  readonly alerts: AlertStore;
  /** Console sessions, shared by every replica on the same database. */
  readonly consoleSessions: ConsoleSessionStore;
  /** Single-use state of SSO sign-ins (pending logins, TOTP tickets). */
  readonly oneTimeRecords: OneTimeRecordStore;
  close(): Promise<void>;
}
