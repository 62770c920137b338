import type { Command } from 'commander';
import { auditKeys, openAuditLog, type AuditKeys, type AuditLog } from '../audit/index.js';
import { openRuntime, type Runtime } from '../gateway/runtime.js';
import { addStateOptions, dataDirOf, storageUrlOf, type StateFlags } from './state-options.js';

/** Flags shared by `bulwark audit …` and `bulwark keys rotate-root`. */
export interface AuditFlags extends StateFlags {
  db?: string;
  rootKeyFile?: string;
}

export function addAuditStateOptions(command: Command): Command {
  return addStateOptions(command)
    .option('--db <url>', 'storage URL (postgres://…, sqlite:/path); default SQLite in the data directory')
    .option('--root-key-file <file>', 'root key file (default BULWARK_ROOT_KEY, else <data-dir>/root.key)');
}

/** The runtime (storage + key ring) for the flags, the same store the gateway writes to. */
export function openAuditRuntime(flags: AuditFlags): Promise<Runtime> {
  const storageUrl = flags.db ?? storageUrlOf(flags);
  return openRuntime({
    dataDir: dataDirOf(flags),
    ...(storageUrl === undefined ? {} : { storageUrl }),
    ...(flags.rootKeyFile === undefined ? {} : { rootKeyFile: flags.rootKeyFile }),
  });
}

/** Runs `fn` with the runtime and the audit keys, closing everything afterwards. */
export async function withAudit<T>(
  flags: AuditFlags,
  fn: (runtime: Runtime, keys: AuditKeys, log: () => Promise<AuditLog>) => Promise<T>,
): Promise<T> {
  const runtime = await openAuditRuntime(flags);
  let log: AuditLog | undefined;
  try {
    const keys = await auditKeys(runtime.keyRing);
    return await fn(
      runtime,
      keys,
      async () =>
        (log ??= await openAuditLog({
          store: runtime.storage.audit,
          keyRing: runtime.keyRing,
          checkpointIntervalMs: 0,
        })),
    );
  } finally {
    await log?.close();
    await runtime.close();
  }
}
