import { join } from 'node:path';
import type { Command } from 'commander';
import { rotateRootKeyFile } from '../crypto/index.js';
import { ROOT_KEY_FILE } from '../gateway/runtime.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';
import { dataDirOf } from './state-options.js';

/** `bulwark keys rotate-root`: re-wraps every data key under a new root key; data is not re-encrypted. */
export function register(program: Command): void {
  // Another command file may define `keys` (API keys, issue 5); share it rather than clash.
  const keys =
    program.commands.find((c) => c.name() === 'keys') ??
    program.command('keys').description('Manage keys (root key rotation, API keys)');

  addAuditStateOptions(
    keys
      .command('rotate-root')
      .description('Generate a new root key, re-wrap all data keys under it, destroy the old one'),
  ).action(async (flags: AuditFlags) => {
    if (flags.rootKeyFile === undefined && process.env.BULWARK_ROOT_KEY) {
      console.error(
        'bulwark: the root key comes from BULWARK_ROOT_KEY; rotate it with --root-key-file pointing at a key file, then update the variable',
      );
      process.exitCode = 2;
      return;
    }
    const keyFile = flags.rootKeyFile ?? join(dataDirOf(flags), ROOT_KEY_FILE);
    await withAudit(flags, async ({ storage }, _keys, log) => {
      const r = await rotateRootKeyFile({ store: storage.dataKeys, keyFile });
      await (
        await log()
      ).append({ kind: 'admin', action: 'keys.rotate-root', target: r.rootKeyId, outcome: 'success' });
      console.log(
        `root key rotated: ${r.previousRootKeyId} → ${r.rootKeyId}; ${r.rewrapped} data keys re-wrapped` +
          (r.alreadyCurrent > 0 ? `, ${r.alreadyCurrent} already current` : ''),
      );
    });
  });
}
