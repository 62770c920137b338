import type { Command } from 'commander';
import { createTenantService } from '../auth/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

/** Registered tenants and those implied by users and keys, as the admin API lists them. */
export async function doTenantsList(options: AuditFlags) {
  return withAudit(options, async ({ storage }) => {
    const [records, users, keys] = await Promise.all([
      storage.tenants.list(),
      storage.users.list(),
      storage.apiKeys.list(),
    ]);
    const byId = new Map(records.map((r) => [r.id, r]));
    const ids = [...new Set([...byId.keys(), ...users.map((u) => u.tenant), ...keys.map((k) => k.tenant)])];
    return ids.sort().map((id) => ({
      id,
      name: byId.get(id)?.name ?? id,
      registered: byId.has(id),
      disabled: byId.get(id)?.disabledAt !== undefined,
      users: users.filter((u) => u.tenant === id).length,
      keys: keys.filter((k) => k.tenant === id && k.revokedAt === undefined).length,
    }));
  });
}

/** Registers, renames, disables or re-enables a tenant; every change is audited. */
export async function doTenantsChange(
  options: AuditFlags & { id: string; action: 'create' | 'disable' | 'enable'; name?: string },
) {
  return withAudit(options, async ({ storage }, _keys, log) => {
    const service = createTenantService(storage.tenants);
    const name = options.name === undefined ? {} : { name: options.name };
    const record =
      options.action === 'create'
        ? await service.create({ id: options.id, ...name })
        : await service.update(options.id, { ...name, disabled: options.action === 'disable' });
    await (
      await log()
    ).append({ kind: 'admin', action: `tenants.${options.action}`, target: record.id, outcome: 'success' });
    return record;
  });
}

/** `bulwark tenants list|create|disable|enable`. */
export function register(program: Command): void {
  const tenants = program
    .command('tenants')
    .description('Manage tenants (a disabled tenant’s keys and console users are refused)');
  addAuditStateOptions(
    tenants.command('list').description('List tenants with their user and key counts'),
  ).action(async (flags: AuditFlags) => {
    const rows = await doTenantsList(flags);
    if (rows.length === 0) console.log('no tenants');
    else console.table(rows);
  });
  for (const [action, description] of [
    ['create', 'Register a tenant (lowercase letters, digits, . _ -)'],
    ['disable', 'Disable a tenant: its keys get TENANT_DISABLED and its users are signed out within 5 s'],
    ['enable', 'Re-enable a disabled tenant'],
  ] as const)
    addAuditStateOptions(
      tenants
        .command(action)
        .description(description)
        .argument('<id>', 'tenant id')
        .option('--name <name>', 'display name'),
    ).action(async (id: string, flags: AuditFlags & { name?: string }) => {
      const record = await doTenantsChange({ ...flags, id, action });
      console.log(`${action}d ${record.id}`);
    });
}
