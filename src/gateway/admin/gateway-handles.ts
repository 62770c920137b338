import type { AuditKeys, AuditLog } from '../../audit/index.js';
import type { Scanner } from '../../detect/index.js';

/**
 * What the console's admin routes need from the running gateway (passed by `server.ts`): absent in
 * bare admin-API tests, where those routes answer what they can without it.
 */
export interface GatewayHandles {
  /** The gateway's scanner, so a policy dry run finds exactly what a request would. */
  scanner: Scanner;
  /** The tamper-evident log and its keys: checkpoints on demand, the public key for verification. */
  audit?: AuditLog & AuditKeys;
  /** The config file the gateway was started from; policy edits are written here. */
  configFile?: string;
  /** The reload SIGHUP runs; throws (keeping the old config) on a bad file. */
  reload?: () => Promise<void>;
}
