import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import {
  exportAuditLog,
  proveConsistency,
  proveInclusion,
  purgeAuditLog,
  verifyAuditLog,
} from '../audit/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

function isoTime(value: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new InvalidArgumentError('must be a date/time (ISO 8601)');
  return t.toISOString();
}

function treeSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

const json = (value: unknown) => console.log(JSON.stringify(value, null, 2));

/** `bulwark audit verify|prove|consistency|export|checkpoint|purge|public-key`: the tamper-evident log. */
export function register(program: Command): void {
  const audit = program.command('audit').description('Verify, prove and export the tamper-evident audit log');

  addAuditStateOptions(
    audit
      .command('verify')
      .description('Recompute every hash and check the signed checkpoints; names the first bad position')
      .option('--public-key <base64>', 'verify against this Ed25519 public key instead of the key ring’s')
      .option('--json', 'print the result as JSON'),
  ).action(async (flags: AuditFlags & { publicKey?: string; json?: boolean }) => {
    await withAudit(flags, async ({ storage }, keys) => {
      const result = await verifyAuditLog({
        store: storage.audit,
        publicKey: flags.publicKey ?? keys.signer.publicKey,
      });
      if (flags.json) json(result);
      else if (result.ok && result.size === result.from) console.log('audit log OK: no records yet');
      else if (result.ok)
        console.log(
          `audit log OK: records ${result.from}..${result.size - 1} (${result.size - result.from}), ` +
            `${result.checkpointsChecked} signed checkpoints matched`,
        );
      else
        console.error(
          `audit log FAILED verification at position ${result.problem!.position} (${result.problem!.kind}): ${result.problem!.message}`,
        );
      if (!result.ok) process.exitCode = 1;
    });
  });

  addAuditStateOptions(
    audit
      .command('prove')
      .description('Print an inclusion proof (RFC 6962) for a record, by id or position')
      .argument('<id>', 'record id, or its position in the log'),
  ).action(async (id: string, flags: AuditFlags) => {
    await withAudit(flags, async ({ storage }) => json(await proveInclusion(storage.audit, id)));
  });

  addAuditStateOptions(
    audit
      .command('consistency')
      .description('Print a consistency proof (RFC 6962) between two checkpoints')
      .argument('<first>', 'tree size of the earlier checkpoint', treeSize)
      .argument('<second>', 'tree size of the later checkpoint', treeSize),
  ).action(async (first: number, second: number, flags: AuditFlags) => {
    await withAudit(flags, async ({ storage }) => json(await proveConsistency(storage.audit, first, second)));
  });

  addAuditStateOptions(
    audit
      .command('export')
      .description('Export records with checkpoints and inclusion proofs as JSON Lines (for a SIEM)')
      .option('--since <time>', 'only records at or after this time (ISO 8601)', isoTime)
      .option('--format <format>', 'output format (jsonl)', 'jsonl')
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (flags: AuditFlags & { since?: string; format: string; out?: string }) => {
    if (flags.format !== 'jsonl') {
      console.error('bulwark: --format must be jsonl');
      process.exitCode = 2;
      return;
    }
    const out = flags.out === undefined ? process.stdout : createWriteStream(flags.out, { mode: 0o600 });
    await withAudit(flags, async ({ storage }, keys) => {
      const result = await exportAuditLog({
        store: storage.audit,
        publicKey: keys.signer.publicKey,
        ...(flags.since === undefined ? {} : { since: flags.since }),
        write: async (line) => {
          if (!out.write(line + '\n')) await once(out, 'drain');
        },
      });
      console.error(
        `exported ${result.records} records, ${result.checkpoints} checkpoints (proofs to size ${result.treeSize})`,
      );
    });
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
  });

  addAuditStateOptions(
    audit.command('checkpoint').description('Sign a checkpoint of the log as it is now'),
  ).action(async (flags: AuditFlags) => {
    await withAudit(flags, async (_runtime, _keys, log) => {
      const cp = await (await log()).checkpoint();
      console.log(
        cp === undefined ? 'nothing new to checkpoint' : `checkpoint at size ${cp.treeSize}: ${cp.rootHash}`,
      );
    });
  });

  addAuditStateOptions(
    audit
      .command('purge')
      .description('Delete records older than a time, keeping the rest verifiable (retention)')
      .requiredOption('--before <time>', 'purge records made before this time (ISO 8601)', isoTime),
  ).action(async (flags: AuditFlags & { before: string }) => {
    await withAudit(flags, async ({ storage }, keys, log) => {
      const r = await purgeAuditLog({
        store: storage.audit,
        log: await log(),
        signer: keys.signer,
        before: flags.before,
      });
      console.log(`purged ${r.purged} records; the log now starts at ${r.retainedFrom}`);
    });
  });

  addAuditStateOptions(
    audit
      .command('public-key')
      .description('Print the checkpoint signing public key (publish it for auditors)'),
  ).action(async (flags: AuditFlags) => {
    await withAudit(flags, async (_runtime, keys) => {
      console.log(`${keys.signer.keyId} ed25519 ${keys.signer.publicKey}`);
    });
  });
}
