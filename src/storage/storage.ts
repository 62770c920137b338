import type { AuditStore } from './ports/audit-store.js';
import type { DataKeyStore } from './ports/data-key-store.js';

/** Every store of one backend, opened together and closed together. Injected, never global. */
export interface Storage {
  /** 'memory' | 'sqlite' | 'postgres' */
  readonly backend: string;
  readonly audit: AuditStore;
  readonly dataKeys: DataKeyStore;
  close(): Promise<void>;
}
