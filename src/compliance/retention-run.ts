import { purgeAuditLog, type AuditLog, type CheckpointSigner } from '../audit/index.js';
import type { RetentionConfig } from '../config/index.js';
import type { KeyRing } from '../crypto/index.js';
import type { Storage } from '../storage/index.js';
import { DAY_MS } from './duration.js';

/** The data classes retention covers, in the order they are purged (the audit log last). */
export const DATA_CLASSES = ['transcripts', 'conversations', 'vault', 'alerts', 'audit'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface RetentionClassResult {
  class: DataClass;
  days: number;
  /** Data older than this ISO time goes. */
  before: string;
  /** How many went (or would go, in a dry run). */
  count: number;
  unit: 'records' | 'daily keys' | 'conversations' | 'entries' | 'alerts';
  /** False when this class is never stored at rest, so there is nothing to purge. */
  stored: boolean;
}

export interface RetentionResult {
  dryRun: boolean;
  at: string;
  classes: RetentionClassResult[];
  /** Id of the audit record of the run (not for dry runs). */
  auditId?: string;
}

export interface RetentionOptions {
  retention: Pick<
    RetentionConfig,
    'auditDays' | 'transcriptDays' | 'conversationDays' | 'vaultDays' | 'alertDays'
  >;
  storage: Pick<Storage, 'audit' | 'conversations' | 'alerts' | 'dataKeys'>;
  keyRing: Pick<KeyRing, 'shred'>;
  /** Receives the purge records; not needed for a dry run. */
  audit?: AuditLog;
  /** Signs the anchor checkpoint that keeps the rest of the log verifiable; not needed for a dry run. */
  signer?: CheckpointSigner;
  /** Count what would go; delete nothing and write no audit record. */
  dryRun?: boolean;
  now?: () => Date;
}

const TRANSCRIPT_KEY = /^transcript:.*:(\d{4}-\d{2}-\d{2})$/;

/** Daily transcript keys whose whole day lies before `before`. */
async function expiredTranscriptKeys(
  storage: RetentionOptions['storage'],
  before: string,
): Promise<string[]> {
  return (await storage.dataKeys.list())
    .map((k) => k.subject)
    .filter((subject) => {
      const day = TRANSCRIPT_KEY.exec(subject)?.[1];
      return day !== undefined && Date.parse(`${day}T00:00:00.000Z`) + DAY_MS <= Date.parse(before);
    });
}

/**
 * Purges what outlived its retention period, class by class: transcripts by destroying their daily
 * data keys (the hashed audit records stay intact), expired or idle conversations, handled alerts,
 * and audit records below a signed anchor checkpoint (`purgeAuditLog`, so verification of the rest
 * holds). The run is itself audited, naming the counts.
 */
export async function runRetention(options: RetentionOptions): Promise<RetentionResult> {
  const now = (options.now ?? (() => new Date()))();
  const dryRun = options.dryRun ?? false;
  const { storage, retention, audit, signer } = options;
  if (!dryRun && (audit === undefined || signer === undefined))
    throw new Error('runRetention needs the audit log and its signer unless dryRun is set');
  const cut = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const results: RetentionClassResult[] = [];
  const add = (
    c: DataClass,
    days: number,
    count: number,
    unit: RetentionClassResult['unit'],
    stored = true,
  ) => results.push({ class: c, days, before: cut(days), count, unit, stored });

  const transcriptKeys = await expiredTranscriptKeys(storage, cut(retention.transcriptDays));
  let shredded = 0;
  if (!dryRun) for (const subject of transcriptKeys) if (await options.keyRing.shred(subject)) shredded++;
  add('transcripts', retention.transcriptDays, dryRun ? transcriptKeys.length : shredded, 'daily keys');

  const conversationsBefore = cut(retention.conversationDays);
  add(
    'conversations',
    retention.conversationDays,
    dryRun
      ? await storage.conversations.countStale(conversationsBefore, now)
      : await storage.conversations.deleteStale(conversationsBefore, now),
    'conversations',
  );
  // The token vault lives in memory for one request (or inside its sealed conversation): nothing at rest.
  add('vault', retention.vaultDays, 0, 'entries', false);
  const alertsBefore = cut(retention.alertDays);
  add(
    'alerts',
    retention.alertDays,
    dryRun ? await storage.alerts.countStale(alertsBefore) : await storage.alerts.deleteStale(alertsBefore),
    'alerts',
  );

  const auditBefore = cut(retention.auditDays);
  let auditCount: number;
  if (dryRun) {
    const head = await storage.audit.head();
    const at = (await storage.audit.firstSeqAtOrAfter(auditBefore)) ?? head.size;
    auditCount = Math.max(0, at - head.retainedFrom);
  } else {
    const purged = await purgeAuditLog({
      store: storage.audit,
      log: audit!,
      signer: signer!,
      before: auditBefore,
      now: () => now,
    });
    auditCount = purged.purged;
  }
  add('audit', retention.auditDays, auditCount, 'records');

  const ordered = DATA_CLASSES.map((c) => results.find((r) => r.class === c)!);
  if (dryRun) return { dryRun, at: now.toISOString(), classes: ordered };
  const receipt = await audit!.append({
    kind: 'admin',
    action: 'retention.run',
    target: ordered
      .filter((r) => r.stored)
      .map((r) => `${r.class}=${r.count}`)
      .join(' '),
    outcome: 'success',
  });
  return { dryRun, at: now.toISOString(), classes: ordered, auditId: receipt.id };
}
