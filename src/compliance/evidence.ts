import { checkpointVerifier, verifyAuditLog, type VerifyResult } from '../audit/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { AuditCheckpoint, Storage } from '../storage/index.js';
import { isAdminAction, scanAudit } from './audit-scan.js';
import { DAY_MS, daysBetween } from './duration.js';
import { readRedteamReport, type RedteamEvidence } from './redteam-evidence.js';

/** Where the root key comes from: the environment, a file outside the data, or the data directory. */
export type RootKeySource = 'env' | 'file' | 'data-dir';

/** Everything a compliance report's statuses are computed from: live configuration and stores. */
export interface Evidence {
  generatedAt: string;
  config: BulwarkConfig;
  backend: string;
  keys: { id: string; tenant: string; role: string; clearance: string; ageDays: number; scoped: boolean }[];
  users: { active: number; withPassword: number; mfaEnrolled: number; setupPending: number };
  audit: {
    verify: VerifyResult;
    /** The newest checkpoint whose signature verifies under the key ring's public key. */
    checkpoint?: Pick<AuditCheckpoint, 'treeSize' | 'time' | 'keyId' | 'rootHash'>;
  };
  encryption: { dataKeys: number; rootKeyIds: string[]; rootKeySource: RootKeySource };
  /** Admin actions found in the audit log over the last `window.days` days. */
  activity: {
    window: { since: string; days: number };
    lastReview?: { at: string; reviewer: string };
    lastRetentionRun?: string;
    lastRootRotation?: string;
    erasures: number;
  };
  redteam?: RedteamEvidence | { problem: string };
}

export interface CollectEvidenceOptions {
  config: BulwarkConfig;
  storage: Pick<Storage, 'backend' | 'apiKeys' | 'users' | 'audit' | 'dataKeys'>;
  /** The audit checkpoint public key, from the key ring (never from the store). */
  publicKey: string;
  rootKeySource: RootKeySource;
  now?: () => Date;
}

/** Reads the stores, verifies the audit log and scans its recent admin actions. */
export async function collectEvidence(options: CollectEvidenceOptions): Promise<Evidence> {
  const now = (options.now ?? (() => new Date()))();
  const { config, storage } = options;
  const c = config.compliance;
  const days = 2 * Math.max(c.reviewIntervalDays, Math.ceil(config.retention.schedule.intervalHours / 24));
  const since = new Date(now.getTime() - days * DAY_MS).toISOString();
  const [keys, users, dataKeys, verify, checkpoints] = await Promise.all([
    storage.apiKeys.list(),
    storage.users.list(),
    storage.dataKeys.list(),
    verifyAuditLog({ store: storage.audit, publicKey: options.publicKey }),
    storage.audit.checkpoints(),
  ]);
  const verifier = checkpointVerifier(options.publicKey);
  const checkpoint = checkpoints.filter((cp) => verifier.verify(cp)).at(-1);
  const activity: Evidence['activity'] = { window: { since, days }, erasures: 0 };
  await scanAudit(storage.audit, since, (r) => {
    if (isAdminAction(r, 'review.sign')) activity.lastReview = { at: r.time, reviewer: r.principal ?? '' };
    else if (isAdminAction(r, 'retention.run')) activity.lastRetentionRun = r.time;
    else if (isAdminAction(r, 'keys.rotate-root')) activity.lastRootRotation = r.time;
    else if (isAdminAction(r, 'subject.erase')) activity.erasures++;
  });
  const live = keys.filter(
    (k) =>
      k.revokedAt === undefined && (k.expiresAt === undefined || Date.parse(k.expiresAt) > now.getTime()),
  );
  const active = users.filter((u) => !u.disabled);
  return {
    generatedAt: now.toISOString(),
    config,
    backend: storage.backend,
    keys: live.map((k) => ({
      id: k.id,
      tenant: k.tenant,
      role: k.role,
      clearance: k.clearance,
      ageDays: daysBetween(k.createdAt, now),
      scoped: k.scopes.models !== undefined || k.scopes.routes !== undefined,
    })),
    users: {
      active: active.length,
      withPassword: active.filter((u) => u.passwordHash !== undefined).length,
      mfaEnrolled: active.filter((u) => u.mfa.enrolledAt !== undefined).length,
      setupPending: active.filter((u) => u.setup !== undefined).length,
    },
    audit: {
      verify,
      ...(checkpoint === undefined
        ? {}
        : {
            checkpoint: {
              treeSize: checkpoint.treeSize,
              time: checkpoint.time,
              keyId: checkpoint.keyId,
              rootHash: checkpoint.rootHash,
            },
          }),
    },
    encryption: {
      dataKeys: dataKeys.length,
      rootKeyIds: [...new Set(dataKeys.map((k) => k.rootKeyId))].sort(),
      rootKeySource: options.rootKeySource,
    },
    activity,
    ...(c.redteamReport === undefined ? {} : { redteam: readRedteamReport(c.redteamReport) }),
  };
}
