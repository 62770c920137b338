import type { Command } from 'commander';
import { runRetention, type RetentionResult } from '../compliance/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';
import { reportConfig } from './compliance-options.js';

export interface RetentionRunFlags extends AuditFlags {
  dryRun?: boolean;
  json?: boolean;
}

/** Purges (or, dry, counts) what outlived the configured retention periods. */
export async function doRetentionRun(
  flags: RetentionRunFlags,
  now: () => Date = () => new Date(),
): Promise<RetentionResult> {
  const { retention } = reportConfig(flags, false);
  return withAudit(flags, async ({ storage, keyRing }, keys, log) =>
    runRetention({
      retention,
      storage,
      keyRing,
      signer: keys.signer,
      now,
      ...(flags.dryRun ? { dryRun: true } : { audit: await log() }),
    }),
  );
}

/** Terminal lines for a run. */
export function formatRetention(r: RetentionResult): string {
  const verb = r.dryRun ? 'would go' : 'purged';
  return r.classes
    .map((c) =>
      c.stored
        ? `${c.class.padEnd(14)} ${String(c.days).padStart(5)} d  before ${c.before}  ${c.count} ${c.unit} ${verb}`
        : `${c.class.padEnd(14)} ${String(c.days).padStart(5)} d  not stored at rest, nothing to purge`,
    )
    .join('\n');
}

/** `bulwark retention run [--dry-run]`: the purge the gateway also runs on a timer. */
export function register(program: Command): void {
  const retention = program.command('retention').description('Retention of stored data per data class');
  addAuditStateOptions(
    retention
      .command('run')
      .description('Delete what outlived its retention period (audited; the audit log stays verifiable)')
      .option('--dry-run', 'list what would go, delete nothing')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: RetentionRunFlags) => {
    const result = await doRetentionRun(flags);
    console.log(flags.json ? JSON.stringify(result, null, 2) : formatRetention(result));
  });
}
