import { InvalidArgumentError, type Command } from 'commander';
import { createUserSetup, firstAdminInvitation, type Invitation } from '../auth/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';
import { doUsersCreate, printEnrolment, readPasswordFromStdin } from './users.js';

export interface BootstrapOptions extends AuditFlags {
  username: string;
  tenant: string;
}

/**
 * Issues the first admin's one-time setup token (a fresh one each run until setup is done; the
 * previous link stops working). Refuses once an admin can sign in.
 */
export async function doAdminBootstrap(options: BootstrapOptions): Promise<Invitation> {
  return withAudit(options, async ({ storage, keyRing }, _keys, log) => {
    const invitation = await firstAdminInvitation(storage.users, createUserSetup(storage.users, keyRing), {
      username: options.username,
      tenant: options.tenant,
    });
    if (invitation === undefined || invitation === 'pending')
      throw new InvalidArgumentError('an admin already exists; bootstrap runs only once');
    await (
      await log()
    ).append({
      kind: 'admin',
      action: 'admin.bootstrap',
      target: invitation.user.id,
      tenant: options.tenant,
      outcome: 'success',
    });
    return invitation;
  });
}

/** Prints the one-time setup token and the console path to the operator's terminal (never a log). */
export function printInvitation(invitation: Invitation, what = 'setup token'): void {
  console.log(`user ${invitation.user.id} (${invitation.user.username}@${invitation.user.tenant})`);
  console.log(`${what} (one-time, valid until ${invitation.expiresAt}; not shown again):`);
  console.log(`  ${invitation.token}`);
  console.log(
    `open <gateway URL>/console/#/setup?token=${invitation.token} to choose a password and enrol TOTP`,
  );
}

/**
 * `bulwark admin bootstrap`: the first admin, once. By default a one-time setup token (the admin
 * chooses a password and enrols TOTP in the console); `--password-stdin` sets the password from
 * stdin and prints the TOTP enrolment instead, for headless installs. No default credential exists.
 */
export function register(program: Command): void {
  const admin = program.command('admin').description('Administration of the Bulwark installation');
  addAuditStateOptions(
    admin
      .command('bootstrap')
      .description('Create the first admin: prints a one-time setup token for the console')
      .option('--username <name>', 'login name', 'admin')
      .option('--tenant <tenant>', 'tenant', 'default')
      .option('--password-stdin', 'read a password from stdin and enrol TOTP here instead of a setup token'),
  ).action(async (flags: BootstrapOptions & { passwordStdin?: boolean }) => {
    if (!flags.passwordStdin) {
      printInvitation(await doAdminBootstrap(flags));
      return;
    }
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
