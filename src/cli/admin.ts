import type { Command } from 'commander';
import { addAuditStateOptions, type AuditFlags } from './audit-runtime.js';
import { doUsersCreate, printEnrolment, readPasswordFromStdin } from './users.js';

/**
 * `bulwark admin bootstrap`: creates the first admin, once. Whoever runs it holds the data directory
 * (and so the root key); the password comes from stdin and TOTP is enrolled on the spot, so no
 * default credential ever exists.
 */
export function register(program: Command): void {
  const admin = program.command('admin').description('Administration of the Bulwark installation');
  addAuditStateOptions(
    admin
      .command('bootstrap')
      .description('Create the first admin user (password from stdin, TOTP enrolled and shown once)')
      .requiredOption('--username <name>', 'login name')
      .option('--tenant <tenant>', 'tenant', 'default'),
  ).action(async (flags: AuditFlags & { username: string; tenant: string }) => {
    const created = await doUsersCreate({
      ...flags,
      roles: ['admin'],
      clearance: 'restricted',
      password: await readPasswordFromStdin(),
      firstAdmin: true,
    });
    printEnrolment(created);
  });
}
