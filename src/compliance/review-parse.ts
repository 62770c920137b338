import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { BulwarkError, LEVELS, type Level } from '../core/index.js';
import {
  REVIEW_DECISIONS,
  REVIEW_FLAGS,
  type ReviewDecision,
  type ReviewEntry,
} from './access-review-types.js';
import { fromCell } from './csv-cells.js';
import { DECISION_COLUMNS, ENTRY_COLUMNS, entryCells, type ReportHeader } from './review-digest.js';

/** One entry of a filled-in report: the digested cells and the reviewer's decision. */
export interface ReviewRow {
  cells: string[];
  ref: string;
  roles: string[];
  clearance: string;
  flagged: boolean;
  decision: ReviewDecision | null;
  downgradeTo?: { roles?: string[]; clearance?: Level };
}

export interface ParsedReview {
  header: ReportHeader & { digest: string };
  rows: ReviewRow[];
}

const invalid = (message: string) => new BulwarkError('REVIEW_REPORT_INVALID', { message });

const iso = z.iso.datetime();
const level = z.enum(LEVELS);
const entrySchema = z.object({
  ref: z.string(),
  kind: z.enum(['api-key', 'console-user']),
  tenant: z.string(),
  principal: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  clearance: level,
  scopes: z.object({ models: z.array(z.string()).optional(), routes: z.array(z.string()).optional() }),
  status: z.enum(['active', 'suspended', 'setup-pending']),
  createdAt: z.string(),
  ageDays: z.number(),
  lastUsedAt: z.string().optional(),
  mfa: z.object({ enrolled: z.boolean(), lastUsedAt: z.string().optional() }).optional(),
  requests: z.number(),
  restrictedRequests: z.number(),
  flags: z.array(z.enum(REVIEW_FLAGS)),
  lastReview: z.object({ decision: z.string(), reviewer: z.string(), at: z.string() }).optional(),
  decision: z.enum(REVIEW_DECISIONS).nullable().default(null),
  downgradeTo: z.object({ roles: z.array(z.string()).optional(), clearance: level.optional() }).optional(),
  note: z.string().max(1000).optional(),
});
const reportSchema = z.object({
  format: z.literal('bulwark-access-review/v1'),
  reportId: z.uuid(),
  generatedAt: iso,
  period: z.object({ since: iso, until: iso }),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  entries: z.array(entrySchema),
});

function fromJson(text: string): ParsedReview {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('The report is not valid JSON.');
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success)
    throw invalid(
      `The report does not have the access-review shape (${[...new Set(parsed.error.issues.map((i) => i.path.join('.')))].slice(0, 5).join(', ')}).`,
    );
  const r = parsed.data;
  return {
    header: { reportId: r.reportId, generatedAt: r.generatedAt, period: r.period, digest: r.digest },
    rows: r.entries.map((e) => ({
      cells: entryCells(e as ReviewEntry),
      ref: e.ref,
      roles: e.roles,
      clearance: e.clearance,
      flagged: e.flags.length > 0,
      decision: e.decision,
      ...(e.downgradeTo === undefined ? {} : { downgradeTo: clean(e.downgradeTo) }),
    })),
  };
}

const clean = (d: { roles?: string[] | undefined; clearance?: Level | undefined }) => ({
  ...(d.roles === undefined || d.roles.length === 0 ? {} : { roles: d.roles }),
  ...(d.clearance === undefined ? {} : { clearance: d.clearance }),
});

const cell = (cells: readonly string[], column: (typeof ENTRY_COLUMNS)[number]) =>
  cells[ENTRY_COLUMNS.indexOf(column)] ?? '';

const HEADER =
  /^# bulwark-access-review\/v1 report=(\S+) generated=(\S+) since=(\S+) until=(\S+) digest=(sha256:[0-9a-f]{64})\s*$/;

function fromCsv(text: string): ParsedReview {
  const newline = text.indexOf('\n');
  const m = HEADER.exec(text.slice(0, newline === -1 ? undefined : newline).replace(/^"|"$/g, ''));
  if (!m) throw invalid('The CSV report lost its first line (# bulwark-access-review/v1 report=…).');
  let records: Record<string, string>[];
  try {
    records = parse(text.slice(newline + 1), { columns: true, skip_empty_lines: true, bom: true });
  } catch {
    throw invalid('The CSV report could not be parsed.');
  }
  const missing = [...ENTRY_COLUMNS, 'decision'].filter((c) => records.length > 0 && !(c in records[0]!));
  if (missing.length > 0) throw invalid(`The CSV report lacks columns: ${missing.join(', ')}.`);
  const rows = records.map((rec, i): ReviewRow => {
    const cells = ENTRY_COLUMNS.map((c) => fromCell(rec[c] ?? ''));
    const decision = (rec.decision ?? '').trim().toLowerCase();
    if (decision !== '' && !(REVIEW_DECISIONS as readonly string[]).includes(decision))
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `Row ${i + 2}: decision must be keep, revoke, downgrade or empty.`,
        details: { row: i + 2, field: 'decision' },
      });
    const roles = (rec[DECISION_COLUMNS[1]] ?? '').split(/[\s,]+/).filter(Boolean);
    const clearance = (rec[DECISION_COLUMNS[2]] ?? '').trim();
    if (clearance !== '' && !(LEVELS as readonly string[]).includes(clearance))
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `Row ${i + 2}: downgrade_clearance must be one of ${LEVELS.join(', ')}.`,
        details: { row: i + 2, field: 'downgrade_clearance' },
      });
    const downgradeTo = clean({ roles, ...(clearance === '' ? {} : { clearance: clearance as Level }) });
    return {
      cells,
      ref: cell(cells, 'ref'),
      roles: cell(cells, 'roles').split(' ').filter(Boolean),
      clearance: cell(cells, 'clearance'),
      flagged: cell(cells, 'flags') !== '',
      decision: decision === '' ? null : (decision as ReviewDecision),
      ...(Object.keys(downgradeTo).length === 0 ? {} : { downgradeTo }),
    };
  });
  return {
    header: { reportId: m[1]!, generatedAt: m[2]!, period: { since: m[3]!, until: m[4]! }, digest: m[5]! },
    rows,
  };
}

/** Reads a filled-in access review, JSON or CSV (as written by `bulwark report access-review`). */
export function parseReviewReport(text: string): ParsedReview {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('{')) return fromJson(body);
  if (/^"?# bulwark-access-review/.test(body)) return fromCsv(body);
  throw invalid('Sign the JSON or CSV form of an access review (the HTML form carries no decisions).');
}
