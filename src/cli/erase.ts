import type { Command } from 'commander';
import { eraseSubject } from '../compliance/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

interface EraseFlags extends AuditFlags {
  subject: string;
  tenant: string;
  actor?: string;
}

/** `bulwark erase --subject ID`: GDPR erasure (crypto-shredding + deletion + an audit record). */
export function register(program: Command): void {
  addAuditStateOptions(
    program
      .command('erase')
      .description('Erase a data subject: delete its conversations, destroy its data key, audit the erasure')
      .requiredOption('--subject <id>', 'the data subject (principal id)')
      .option('--tenant <tenant>', 'the tenant the subject belongs to', 'default')
      .option('--actor <name>', 'who requested the erasure (recorded in the audit log)'),
  ).action(async (flags: EraseFlags) => {
    await withAudit(flags, async ({ storage, keyRing }, keys, log) => {
      const r = await eraseSubject({
        storage,
        keyRing,
        audit: await log(),
        digester: keys.digester,
        tenant: flags.tenant,
        subject: flags.subject,
        ...(flags.actor === undefined ? {} : { actor: flags.actor }),
      });
      console.log(
        `erased: ${r.conversationsDeleted} conversations deleted, data key ${r.keyDestroyed ? 'destroyed' : 'not present'}; audit record ${r.auditId}`,
      );
    });
  });
}
