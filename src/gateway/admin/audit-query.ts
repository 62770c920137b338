import { z } from 'zod';
import type { AuditRecord } from '../../audit/index.js';
import { LEVELS, type Principal } from '../../core/index.js';
import type { AuditEntry, AuditStore } from '../../storage/index.js';
import { isAdmin, visibleTenant } from './admin-helpers.js';
import { maskAddress } from './mask.js';

/** Records examined per search request at most: a query over a huge log answers in bounded time and memory. */
export const SCAN_BUDGET = 50_000;
const PAGE = 1_000;
const ACTIONS = ['allow', 'redact', 'tokenize', 'block', 'route'] as const;
const short = z.string().min(1).max(256);
const isoTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

/** The filter the Audit page sends as query parameters (also what an export applies). */
export const auditFilterSchema = z.strictObject({
  /** Inclusive lower bound, ISO time (normalised to UTC, the form records are stored in). */
  from: isoTime.optional(),
  /** Exclusive upper bound, ISO time. */
  to: isoTime.optional(),
  principal: short.optional(),
  model: short.optional(),
  decision: z.enum(ACTIONS).optional(),
  level: z.enum(LEVELS).optional(),
  kind: z.enum(['request', 'admin', 'system']).optional(),
  tenant: short.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** A stored record with its position, parsed from the canonical body. */
export interface ParsedEntry {
  entry: AuditEntry;
  record: AuditRecord & { seq: number };
}

/** Parses a stored body; an unreadable one is skipped (verification, not search, reports tampering). */
export function parseEntry(entry: AuditEntry): ParsedEntry | undefined {
  try {
    return { entry, record: { ...(JSON.parse(entry.body) as AuditRecord), seq: entry.seq } };
  } catch {
    return undefined;
  }
}

/**
 * Walks the log newest first within [from, to) and below `before` (a seq cursor), a page at a time.
 * Seq ranges come from the store's time index, so a narrow window reads only its own records.
 */
export async function* newestFirst(
  store: AuditStore,
  window: { from?: string | undefined; to?: string | undefined; before?: number | undefined },
): AsyncGenerator<ParsedEntry> {
  const head = await store.head();
  const lo = window.from === undefined ? head.retainedFrom : await store.firstSeqAtOrAfter(window.from);
  if (lo === undefined) return;
  let hi = window.to === undefined ? head.size : ((await store.firstSeqAtOrAfter(window.to)) ?? head.size);
  if (window.before !== undefined) hi = Math.min(hi, window.before);
  while (hi > lo) {
    const start = Math.max(lo, hi - PAGE);
    const page = await store.range(start, hi - start);
    for (let i = page.length - 1; i >= 0; i--) {
      const parsed = parseEntry(page[i]!);
      if (parsed) yield parsed;
    }
    hi = start;
  }
}

/** The filter a principal may run: non-admins are pinned to their own tenant. */
export function scopedFilter(principal: Principal, filter: AuditFilter): AuditFilter {
  const tenant = visibleTenant(principal, filter.tenant);
  return { ...filter, ...(tenant === undefined ? {} : { tenant }) };
}

export function matches(record: AuditRecord, f: AuditFilter): boolean {
  if (f.from !== undefined && record.time < f.from) return false;
  if (f.to !== undefined && record.time >= f.to) return false;
  if (f.tenant !== undefined && record.tenant !== f.tenant) return false;
  if (f.principal !== undefined && record.principal !== f.principal) return false;
  if (f.model !== undefined && record.model !== f.model) return false;
  if (f.decision !== undefined && record.decision?.action !== f.decision) return false;
  if (f.level !== undefined && record.levelIn !== f.level) return false;
  if (f.kind !== undefined && record.kind !== f.kind) return false;
  return true;
}

/** A record as the console shows it: no transcript ciphertext, the client address masked. */
export function publicRecord(record: AuditRecord & { seq: number }) {
  const { transcript, sourceAddress, ...rest } = record;
  return {
    ...rest,
    ...(sourceAddress === undefined ? {} : { sourceAddress: maskAddress(sourceAddress) }),
    ...(transcript === undefined ? {} : { hasTranscript: true }),
  };
}
export type PublicRecord = ReturnType<typeof publicRecord>;

export interface SearchResult {
  data: PublicRecord[];
  /** Pass as `cursor` to continue below the last record examined; absent when the window is exhausted. */
  nextCursor?: string;
  /** Records examined for this page. */
  scanned: number;
}

/** One page of matching records, newest first, examining at most `budget` records. */
export async function searchAudit(
  store: AuditStore,
  principal: Principal,
  filter: AuditFilter,
  options: { limit: number; before?: number | undefined; budget?: number },
): Promise<SearchResult> {
  const f = scopedFilter(principal, filter);
  const budget = options.budget ?? SCAN_BUDGET;
  const data: PublicRecord[] = [];
  let scanned = 0;
  let last: number | undefined;
  let exhausted = true;
  for await (const { record } of newestFirst(store, { from: f.from, to: f.to, before: options.before })) {
    if (data.length >= options.limit || scanned >= budget) {
      exhausted = false;
      break;
    }
    scanned++;
    last = record.seq;
    // System records carry no tenant: only admins see them.
    if (!isAdmin(principal) && record.tenant === undefined) continue;
    if (matches(record, f)) data.push(publicRecord(record));
  }
  return {
    data,
    scanned,
    ...(exhausted || last === undefined ? {} : { nextCursor: String(last) }),
  };
}

const CSV_COLUMNS = [
  'seq',
  'id',
  'time',
  'kind',
  'tenant',
  'principal',
  'role',
  'route',
  'model',
  'upstream',
  'status',
  'levelIn',
  'levelOut',
  'decision',
  'reasons',
  'findings',
  'promptTokens',
  'completionTokens',
  'latencyMs',
  'upstreamMs',
  'action',
  'target',
  'outcome',
  'sourceAddress',
  'promptDigest',
  'responseDigest',
] as const;

/** One CSV cell: quoted when needed, and a leading = + - @ neutralised (spreadsheet formula injection). */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The export's CSV: one header line, one line per record, fixed columns. */
export function toCsv(rows: readonly PublicRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      seq: r.seq,
      id: r.id,
      time: r.time,
      kind: r.kind,
      tenant: r.tenant,
      principal: r.principal,
      role: r.role,
      route: r.route,
      model: r.model,
      upstream: r.upstream,
      status: r.status,
      levelIn: r.levelIn,
      levelOut: r.levelOut,
      decision: r.decision?.action,
      reasons: r.decision?.reasons.join(' '),
      findings: r.findings
        ? Object.entries(r.findings)
            .map(([t, n]) => `${t}:${n}`)
            .join(' ')
        : undefined,
      promptTokens: r.tokens?.prompt,
      completionTokens: r.tokens?.completion,
      latencyMs: r.latencyMs === undefined ? undefined : Math.round(r.latencyMs * 10) / 10,
      upstreamMs: r.upstreamMs === undefined ? undefined : Math.round(r.upstreamMs * 10) / 10,
      action: r.action,
      target: r.target,
      outcome: r.outcome,
      sourceAddress: r.sourceAddress,
      promptDigest: r.promptDigest,
      responseDigest: r.responseDigest,
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
