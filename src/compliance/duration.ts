import { BulwarkError } from '../core/index.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const UNIT_MS: Record<string, number> = { h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS, y: 365 * DAY_MS };

/** Milliseconds in `90d`, `12h`, `2w` or `1y`; throws VALIDATION_FAILED naming `field` (never the value). */
export function parseDuration(text: string, field = 'since'): number {
  const match = /^(\d{1,6})([hdwy])$/.exec(text.trim());
  const n = match ? Number(match[1]) : 0;
  if (!match || n < 1)
    throw new BulwarkError('VALIDATION_FAILED', {
      message: `--${field} must be a duration such as 90d, 12h, 2w or 1y`,
      details: { field },
    });
  return n * UNIT_MS[match[2]!]!;
}

/** The start of a review period: a duration back from `now` (`90d`), or an ISO 8601 date/time. */
export function periodStart(value: string, now: Date, field = 'since'): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    if (Number.isNaN(t) || t > now.getTime())
      throw new BulwarkError('VALIDATION_FAILED', {
        message: `--${field} must be a past date/time (ISO 8601) or a duration such as 90d`,
        details: { field },
      });
    return new Date(t).toISOString();
  }
  return new Date(now.getTime() - parseDuration(value, field)).toISOString();
}

/** Whole days from `from` to `to` (floored; 0 when `from` is later). */
export function daysBetween(from: string, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / DAY_MS));
}
