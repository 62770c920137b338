import { InvalidArgumentError, Option, type Command } from 'commander';
import { ALERT_STATUSES, type AlertRecord, type AlertStatus } from '../storage/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';

export interface AlertsListOptions extends AuditFlags {
  status?: AlertStatus;
  limit?: number;
}

/** One row per alert for the table (evidence holds counts and labels only). */
export interface AlertRow {
  id: string;
  severity: string;
  status: string;
  detector: string;
  subject: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  summary: string;
}

const row = (a: AlertRecord): AlertRow => ({
  id: a.id,
  severity: a.severity,
  status: a.status,
  detector: a.detector,
  subject: `${a.subjectKind}:${a.subjectId}`,
  count: a.count,
  firstSeen: a.firstSeen,
  lastSeen: a.lastSeen,
  summary: a.summary,
});

/** Lists stored alerts, newest first (the same store the gateway writes to). */
export function doAlertsList(options: AlertsListOptions): Promise<AlertRow[]> {
  return withAudit(options, async ({ storage }) =>
    (
      await storage.alerts.list({
        ...(options.status ? { status: options.status } : {}),
        limit: options.limit ?? 50,
      })
    ).map(row),
  );
}

export interface AlertsAckOptions extends AuditFlags {
  id: string;
  /** Who acknowledges (recorded on the alert and in the audit log). */
  by: string;
}

/** Acknowledges an alert; audited. Undefined when no such alert exists. */
export function doAlertsAck(options: AlertsAckOptions): Promise<AlertRecord | undefined> {
  return withAudit(options, async ({ storage }, _keys, log) => {
    const acked = await storage.alerts.acknowledge(options.id, options.by, new Date().toISOString());
    await (
      await log()
    ).append({
      kind: 'admin',
      action: 'alerts.ack',
      target: options.id.slice(0, 256),
      principal: options.by.slice(0, 256),
      outcome: acked ? 'success' : 'failure',
    });
    return acked;
  });
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** `bulwark alerts list|ack`: monitoring alerts raised by the gateway's behavioural monitor. */
export function register(program: Command): void {
  const alerts = program.command('alerts').description('Monitoring alerts (list, acknowledge)');

  addAuditStateOptions(
    alerts
      .command('list')
      .description('List alerts, newest first')
      .addOption(new Option('--status <status>', 'only alerts with this status').choices([...ALERT_STATUSES]))
      .option('--limit <n>', 'at most this many', positiveInt, 50)
      .option('--json', 'print JSON instead of a table'),
  ).action(async (flags: AlertsListOptions & { json?: boolean }) => {
    const rows = await doAlertsList(flags);
    if (flags.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log('no alerts');
    else console.table(rows);
  });

  addAuditStateOptions(
    alerts
      .command('ack')
      .description('Acknowledge an alert (audited)')
      .argument('<id>', 'alert id')
      .option('--by <name>', 'who acknowledges', process.env.USER ?? 'cli'),
  ).action(async (id: string, flags: AuditFlags & { by: string }) => {
    const acked = await doAlertsAck({ ...flags, id });
    if (acked) console.log(`acknowledged ${id}`);
    else {
      console.error(`no alert ${id}`);
      process.exitCode = 1;
    }
  });
}
