import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { exportSubject } from '../compliance/index.js';
import { createConversations } from '../gateway/conversations/conversations.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

interface SubjectExportFlags extends AuditFlags {
  subject: string;
  tenant: string;
  out?: string;
}

/** `bulwark subject export --subject ID`: everything held about a data subject, as JSON (GDPR Art. 15). */
export function register(program: Command): void {
  const subject = program.command('subject').description('Data-subject requests (GDPR Art. 15)');
  addAuditStateOptions(
    subject
      .command('export')
      .description('Export everything held about a data subject as JSON (conversations decrypted)')
      .requiredOption('--subject <id>', 'the data subject (principal id)')
      .option('--tenant <tenant>', 'the tenant the subject belongs to', 'default')
      .option('--out <file>', 'write to a file (mode 0600) instead of standard output'),
  ).action(async (flags: SubjectExportFlags) => {
    await withAudit(flags, async ({ storage, keyRing }, keys, log) => {
      const conversations = createConversations({ store: storage.conversations, keyRing, ttlSeconds: 1 });
      const result = await exportSubject({
        storage,
        tenant: flags.tenant,
        subject: flags.subject,
        loadConversation: async (key) => (await conversations.load(key)).messages,
      });
      const text = JSON.stringify(result, null, 2) + '\n';
      if (flags.out === undefined) process.stdout.write(text);
      else writeFileSync(flags.out, text, { mode: 0o600 });
      // A subject access request is itself an administrative action worth auditing.
      const audit = await log();
      await audit.append({
        kind: 'admin',
        action: 'subject.export',
        tenant: flags.tenant,
        target: keys.digester.digest(`${flags.tenant}\u0000${flags.subject}`),
        outcome: 'success',
      });
      console.error(
        `exported ${result.conversations.length} conversations, ${result.apiKeys.length} API keys, ${result.auditRecords.length} audit records`,
      );
    });
  });
}
