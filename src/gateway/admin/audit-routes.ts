import { z } from 'zod';
import { checkpointVerifier, merkle, proveInclusion } from '../../audit/index.js';
import { can } from '../../auth/index.js';
import { BulwarkError, type Principal } from '../../core/index.js';
import type { AlertStore, AuditStore } from '../../storage/index.js';
import { isAdmin, parseInput, queryOf, recordAction } from './admin-helpers.js';
import type { AdminDeps, AdminRoute } from './admin-routes.js';
import {
  auditFilterSchema,
  newestFirst,
  parseEntry,
  publicRecord,
  scopedFilter,
  searchAudit,
  toCsv,
  matches,
  type PublicRecord,
} from './audit-query.js';
import { createOverview, OVERVIEW_RANGES, type OverviewRange } from './overview.js';
import { RawReply } from './raw-reply.js';

/** Records the Overview folds at most per request; beyond it the answer says `truncated`. */
const OVERVIEW_BUDGET = 200_000;
/** Rows one export holds at most (and records it examines at most): exports stay bounded. */
const EXPORT_ROWS = 10_000;
const EXPORT_BUDGET = 200_000;

const searchQuery = auditFilterSchema.extend({
  cursor: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const exportQuery = auditFilterSchema.extend({ format: z.enum(['json', 'csv']).default('json') });
const overviewQuery = z.strictObject({
  range: z.enum(Object.keys(OVERVIEW_RANGES) as [OverviewRange, ...OverviewRange[]]).default('24h'),
});

/** Non-admins see records of their own tenant only; anything else is "not found" (existence hidden). */
function visible(p: Principal, tenant: string | undefined): boolean {
  return isAdmin(p) || (tenant !== undefined && tenant === p.tenant);
}

async function overview(store: AuditStore, alerts: AlertStore, p: Principal, range: OverviewRange) {
  const now = Date.now();
  const acc = createOverview(range, now);
  let folded = 0;
  let truncated = false;
  for await (const { record } of newestFirst(store, { from: acc.from })) {
    if (folded >= OVERVIEW_BUDGET) {
      truncated = true;
      break;
    }
    folded++;
    if (visible(p, record.tenant)) acc.add(record);
  }
  // Alerts are not tenant-scoped: only holders of alerts:read see them here.
  const open = can(p, 'alerts:read') ? await alerts.list({ status: 'open', limit: 100 }) : undefined;
  return {
    ...acc.result(),
    scanned: folded,
    truncated,
    ...(open
      ? {
          openAlerts: {
            count: open.length,
            latest: open.slice(0, 5).map((a) => ({
              id: a.id,
              severity: a.severity,
              detector: a.detector,
              summary: a.summary,
              lastSeen: a.lastSeen,
            })),
          },
        }
      : {}),
  };
}

/** A record's detail: the record, its inclusion proof, and whether the latest checkpoint verifies. */
async function detail(store: AuditStore, deps: AdminDeps, p: Principal, id: string) {
  const entry = await store.getById(id);
  const parsed = entry && parseEntry(entry);
  if (!entry || !parsed || !visible(p, parsed.record.tenant)) throw new BulwarkError('NOT_FOUND');
  const leafMatches = merkle.leafHash(Buffer.from(entry.body, 'utf8')).toString('hex') === entry.leafHash;
  const latest = (await store.checkpoints()).at(-1);
  const publicKey = deps.gateway?.audit?.signer.publicKey;
  const signatureValid =
    latest && publicKey !== undefined ? checkpointVerifier(publicKey).verify(latest) : undefined;
  let proof: Record<string, unknown> | undefined;
  let proofProblem: string | undefined;
  if (!latest || latest.treeSize <= entry.seq) proofProblem = 'No signed checkpoint covers this record yet.';
  else {
    try {
      const made = await proveInclusion(store, entry.id);
      const valid = merkle.verifyInclusion(
        made.seq,
        made.treeSize,
        Buffer.from(made.leafHash, 'hex'),
        made.path.map((h) => Buffer.from(h, 'hex')),
        Buffer.from(made.rootHash, 'hex'),
      );
      proof = { seq: made.seq, treeSize: made.treeSize, rootHash: made.rootHash, path: made.path, valid };
    } catch {
      // Purged neighbours or a missing anchor; the detail goes nowhere near the client.
      proofProblem = 'The proof could not be built from the stored log.';
    }
  }
  const head = await store.head();
  return {
    record: publicRecord(parsed.record),
    leafHash: entry.leafHash,
    leafMatches,
    ...(proof ? { proof } : {}),
    ...(proofProblem ? { proofProblem } : {}),
    latestCheckpoint: latest
      ? {
          treeSize: latest.treeSize,
          rootHash: latest.rootHash,
          time: latest.time,
          keyId: latest.keyId,
          ...(signatureValid === undefined ? {} : { signatureValid }),
        }
      : null,
    logSize: head.size,
    /** All checks passed: the body hashes to its leaf, the leaf is in the signed tree, the signature holds. */
    verified: leafMatches && proof?.valid === true && signatureValid === true,
  };
}

/**
 * The console's audit routes: the Overview's statistics, search, export, a record's detail with its
 * proof, and an on-demand checkpoint. All read the tamper-evident log through the `AuditStore` port
 * with bounded scans (newest first, by the time index); none returns a transcript or a full address.
 */
export function auditRoutes(store: AuditStore, alerts: AlertStore): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/overview',
      permissions: ['audit:read', 'usage:read'],
      async handler(request) {
        const { range } = parseInput(overviewQuery, queryOf(request));
        return overview(store, alerts, request.principal, range);
      },
    },
    {
      method: 'GET',
      path: '/audit',
      permissions: ['audit:read'],
      async handler(request) {
        const { cursor, limit, ...filter } = parseInput(searchQuery, queryOf(request));
        return searchAudit(store, request.principal, filter, { limit, before: cursor });
      },
    },
    {
      method: 'GET',
      path: '/audit/export',
      permissions: ['audit:read'],
      async handler(request, deps) {
        const { format, ...raw } = parseInput(exportQuery, queryOf(request));
        const f = scopedFilter(request.principal, raw);
        const rows: PublicRecord[] = [];
        let scanned = 0;
        let truncated = false;
        for await (const { record } of newestFirst(store, { from: f.from, to: f.to })) {
          if (rows.length >= EXPORT_ROWS || scanned >= EXPORT_BUDGET) {
            truncated = true;
            break;
          }
          scanned++;
          if (!isAdmin(request.principal) && record.tenant === undefined) continue;
          if (matches(record, f)) rows.push(publicRecord(record));
        }
        // Exports take data out of the console: who exported what is itself on the record.
        const summary = Object.entries(f)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ');
        await recordAction(deps, request.principal, 'audit.export', `${format} ${summary}`, true);
        const stamp = new Date().toISOString().replaceAll(':', '-').slice(0, 19);
        const headers = {
          'content-disposition': `attachment; filename="bulwark-audit-${stamp}.${format}"`,
          'x-bulwark-export-truncated': String(truncated),
        };
        if (format === 'csv') return new RawReply('text/csv; charset=utf-8', toCsv(rows), headers);
        const body = { exportedAt: new Date().toISOString(), filter: f, truncated, records: rows };
        return new RawReply('application/json; charset=utf-8', JSON.stringify(body, null, 2), headers);
      },
    },
    {
      method: 'GET',
      path: '/audit/records/:id',
      permissions: ['audit:read'],
      async handler(request, deps) {
        return detail(store, deps, request.principal, request.params.id ?? '');
      },
    },
    {
      method: 'POST',
      path: '/audit/checkpoint',
      permissions: ['audit:verify'],
      async handler(request, deps) {
        const log = deps.gateway?.audit;
        if (!log) throw new BulwarkError('NOT_FOUND');
        await log.flush();
        const made = (await log.checkpoint()) ?? (await store.checkpoints()).at(-1);
        await recordAction(deps, request.principal, 'audit.checkpoint', String(made?.treeSize ?? 0), true);
        return { checkpoint: made ? { treeSize: made.treeSize, time: made.time, keyId: made.keyId } : null };
      },
    },
  ];
}
