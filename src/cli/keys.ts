import { InvalidArgumentError, Option, type Command } from 'commander';
import { API_KEY_PEPPER_PURPOSE, createApiKeyService, ROLES, type Role } from '../auth/index.js';
import { isLevel, LEVELS, type Level } from '../core/index.js';
import type { ApiKeyRecord } from '../storage/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

interface CreateFlags extends AuditFlags {
  name: string;
  role: Role;
  clearance: Level;
  tenant: string;
  models?: string;
  routes?: string;
  ttlDays?: number;
}

const list = (v: string | undefined): string[] | undefined =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function level(value: string): Level {
  if (!isLevel(value)) throw new InvalidArgumentError(`must be one of ${LEVELS.join(', ')}`);
  return value;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** `bulwark keys create|list|revoke|reinstate|rotate`: API keys (the secret is printed once, at creation). */
export function register(program: Command): void {
  const keys =
    program.commands.find((c) => c.name() === 'keys') ??
    program.command('keys').description('Manage keys (API keys, root key rotation)');

  addAuditStateOptions(
    keys
      .command('create')
      .description('Create an API key; it is printed once and stored only as a keyed hash')
      .requiredOption('--name <name>', 'a name for the key (e.g. the application)')
      .addOption(new Option('--role <role>', 'role').choices([...ROLES]).default('app'))
      .option('--clearance <level>', 'highest classification the key may send', level, 'internal')
      .option('--tenant <tenant>', 'tenant', 'default')
      .option('--models <list>', 'comma-separated models the key may call (default any)')
      .option('--routes <list>', 'comma-separated routes the key may call (default any)')
      .option('--ttl-days <days>', 'expire after this many days', positive),
  ).action(async (flags: CreateFlags) => {
    await withAudit(flags, async ({ storage, keyRing }, _keys, log) => {
      const service = createApiKeyService(
        storage.apiKeys,
        await keyRing.deriveSecret(API_KEY_PEPPER_PURPOSE),
      );
      const models = list(flags.models);
      const routes = list(flags.routes);
      const { token, record } = await service.create({
        name: flags.name,
        tenant: flags.tenant,
        role: flags.role,
        clearance: flags.clearance,
        scopes: { ...(models ? { models } : {}), ...(routes ? { routes } : {}) },
        ...(flags.ttlDays !== undefined ? { ttlMs: flags.ttlDays * 86_400_000 } : {}),
      });
      await (
        await log()
      ).append({ kind: 'admin', action: 'keys.create', target: record.id, outcome: 'success' });
      console.log(token);
      console.error(
        `key ${record.id} (${record.role}, clearance ${record.clearance}, tenant ${record.tenant}): store it now, it is not shown again`,
      );
    });
  });

  addAuditStateOptions(
    keys
      .command('list')
      .description('List API keys (never their secrets)')
      .option('--tenant <tenant>', 'only this tenant'),
  ).action(async (flags: AuditFlags & { tenant?: string }) => {
    await withAudit(flags, async ({ storage }) => {
      const rows = (await storage.apiKeys.list(flags.tenant)).map(summary);
      if (rows.length === 0) console.log('no API keys');
      else console.table(rows);
    });
  });

  addAuditStateOptions(
    keys
      .command('revoke')
      .description('Revoke an API key (effective on every replica within seconds)')
      .argument('<id>', 'key id'),
  ).action(async (id: string, flags: AuditFlags) => {
    await withAudit(flags, async ({ storage }, _keys, log) => {
      const revoked = await storage.apiKeys.revoke(id, new Date().toISOString());
      await (
        await log()
      ).append({
        kind: 'admin',
        action: 'keys.revoke',
        target: id,
        outcome: revoked ? 'success' : 'failure',
      });
      if (revoked) console.log(`revoked ${id}`);
      else {
        console.error(`no active key ${id}`);
        process.exitCode = 1;
      }
    });
  });

  addAuditStateOptions(
    keys
      .command('reinstate')
      .description('Lift a suspension (e.g. one the behavioural monitor imposed) after review')
      .argument('<id>', 'key id'),
  ).action(async (id: string, flags: AuditFlags) => {
    await withAudit(flags, async ({ storage }, _keys, log) => {
      const lifted = await storage.apiKeys.reinstate(id, new Date().toISOString());
      await (
        await log()
      ).append({
        kind: 'admin',
        action: 'keys.reinstate',
        target: id,
        outcome: lifted ? 'success' : 'failure',
      });
      if (lifted) console.log(`reinstated ${id}`);
      else {
        console.error(`no suspended key ${id}`);
        process.exitCode = 1;
      }
    });
  });

  addAuditStateOptions(
    keys
      .command('rotate')
      .description('Issue a successor key; the old one keeps working for the overlap, then expires')
      .argument('<id>', 'key id')
      .option('--overlap-hours <hours>', 'how long the old key stays valid', positive, 24),
  ).action(async (id: string, flags: AuditFlags & { overlapHours: number }) => {
    await withAudit(flags, async ({ storage, keyRing }, _keys, log) => {
      const service = createApiKeyService(
        storage.apiKeys,
        await keyRing.deriveSecret(API_KEY_PEPPER_PURPOSE),
      );
      const next = await service.rotate(id, flags.overlapHours * 3_600_000);
      await (
        await log()
      ).append({ kind: 'admin', action: 'keys.rotate', target: id, outcome: next ? 'success' : 'failure' });
      if (!next) {
        console.error(`no active key ${id}`);
        process.exitCode = 1;
        return;
      }
      console.log(next.token);
      console.error(`key ${next.record.id} replaces ${id}, which expires in ${flags.overlapHours} h`);
    });
  });
}

function summary(k: ApiKeyRecord) {
  const status = k.revokedAt
    ? 'revoked'
    : k.expiresAt && Date.parse(k.expiresAt) <= Date.now()
      ? 'expired'
      : 'active';
  return {
    id: k.id,
    name: k.name,
    tenant: k.tenant,
    role: k.role,
    clearance: k.clearance,
    status,
    created: k.createdAt,
    expires: k.expiresAt ?? '',
    lastUsed: k.lastUsedAt ?? '',
  };
}
