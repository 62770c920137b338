import { InvalidArgumentError, type Command } from 'commander';
import { createUserService, ROLES, type CreatedUser } from '../auth/index.js';
import { isLevel, LEVELS, type Level } from '../core/index.js';
import type { UserRecord } from '../storage/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

export interface UsersCreateOptions extends AuditFlags {
  username: string;
  roles: string[];
  tenant: string;
  clearance: Level;
  /** Read from stdin by the command; never a flag (it would land in shell history and `ps`). */
  password: string;
  /** Refuse unless no admin exists yet (`bulwark admin bootstrap`). */
  firstAdmin?: boolean;
}

/** Reads a password from stdin (first line), so it never appears in argv or shell history. */
export async function readPasswordFromStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new InvalidArgumentError('no password on stdin');
  return line;
}

/** Creates a console user with TOTP enrolled; the result holds the enrolment URI and recovery codes (show once). */
export async function doUsersCreate(options: UsersCreateOptions): Promise<CreatedUser> {
  return withAudit(options, async ({ storage, keyRing }, _keys, log) => {
    if (options.firstAdmin) {
      const existing = await storage.users.list();
      if (existing.some((u) => u.roles.includes('admin') && !u.disabled))
        throw new InvalidArgumentError('an admin already exists; bootstrap runs only once');
    }
    const created = await createUserService(storage.users, keyRing).create({
      tenant: options.tenant,
      username: options.username,
      roles: options.roles,
      clearance: options.clearance,
      password: options.password,
    });
    await (
      await log()
    ).append({
      kind: 'admin',
      action: options.firstAdmin ? 'admin.bootstrap' : 'users.create',
      target: created.user.id,
      tenant: options.tenant,
      outcome: 'success',
    });
    return created;
  });
}

/** Users without any secret material. */
export async function doUsersList(options: AuditFlags & { tenant?: string }) {
  return withAudit(options, async ({ storage }) =>
    (await storage.users.list(options.tenant)).map((u: UserRecord) => ({
      id: u.id,
      tenant: u.tenant,
      username: u.username,
      roles: u.roles.join(','),
      clearance: u.clearance,
      mfa: u.mfa.enrolledAt ? 'totp' : 'none',
      disabled: u.disabled,
    })),
  );
}

/**
 * Disables a user: console login stops, their console sessions end on every replica, and keys
 * they own are suspended (within the 5 s key cache).
 */
export async function doUsersDisable(options: AuditFlags & { id: string }): Promise<boolean> {
  return withAudit(options, async ({ storage, keyRing }, _keys, log) => {
    const ok = await createUserService(storage.users, keyRing).disable(options.id);
    if (ok) await storage.consoleSessions.deleteForUser(options.id);
    await (
      await log()
    ).append({
      kind: 'admin',
      action: 'users.disable',
      target: options.id,
      outcome: ok ? 'success' : 'failure',
    });
    return ok;
  });
}

function level(value: string): Level {
  if (!isLevel(value)) throw new InvalidArgumentError(`must be one of ${LEVELS.join(', ')}`);
  return value;
}

function roles(value: string): string[] {
  const list = value.split(',').map((s) => s.trim());
  for (const r of list)
    if (!(ROLES as readonly string[]).includes(r))
      throw new InvalidArgumentError(`roles must be among ${ROLES.join(', ')}`);
  return list;
}

/** Prints the one-time enrolment material to stdout (the caller's terminal), never to a log. */
export function printEnrolment(created: CreatedUser): void {
  console.log(`user ${created.user.id} (${created.user.username}@${created.user.tenant})`);
  console.log(
    `TOTP enrolment (scan into an authenticator app now; it is not shown again):\n  ${created.totpUri}`,
  );
  console.log(`recovery codes (single use; store them offline):\n  ${created.recoveryCodes.join('\n  ')}`);
}

/** `bulwark users create|list|disable`: console users (MFA is enrolled at creation). */
export function register(program: Command): void {
  const users = program.command('users').description('Manage console users (password + mandatory TOTP)');

  addAuditStateOptions(
    users
      .command('create')
      .description('Create a console user; the password is read from stdin, TOTP is enrolled at once')
      .requiredOption('--username <name>', 'login name (unique per tenant)')
      .requiredOption('--role <roles>', `comma-separated roles (${ROLES.join(', ')})`, roles)
      .option('--tenant <tenant>', 'tenant', 'default')
      .option('--clearance <level>', 'highest classification the user may see', level, 'internal'),
  ).action(
    async (flags: AuditFlags & { username: string; role: string[]; tenant: string; clearance: Level }) => {
      const created = await doUsersCreate({
        ...flags,
        roles: flags.role,
        password: await readPasswordFromStdin(),
      });
      printEnrolment(created);
    },
  );

  addAuditStateOptions(
    users
      .command('list')
      .description('List console users (never secrets)')
      .option('--tenant <tenant>', 'only this tenant'),
  ).action(async (flags: AuditFlags & { tenant?: string }) => {
    const rows = await doUsersList(flags);
    if (rows.length === 0) console.log('no users');
    else console.table(rows);
  });

  addAuditStateOptions(
    users
      .command('disable')
      .description('Disable a user (login and their API keys stop working)')
      .argument('<id>', 'user id'),
  ).action(async (id: string, flags: AuditFlags) => {
    if (await doUsersDisable({ ...flags, id })) console.log(`disabled ${id}`);
    else {
      console.error(`no user ${id}`);
      process.exitCode = 1;
    }
  });
}
