import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What a compliance report needs from a red-team run (`bulwark redteam --out DIR` → report.json). */
export interface RedteamEvidence {
  finishedAt: string;
  model: string;
  attempts: number;
  successes: number;
  asr: number;
  /** Successful attacks by severity. */
  bySeverity: Record<string, number>;
}

// Only the fields used; transcripts and the target URL (which may carry credentials) are never read.
const schema = z.object({
  tool: z.literal('bulwark-redteam'),
  finishedAt: z.iso.datetime(),
  target: z.object({ model: z.string().max(256) }),
  summary: z.object({
    attempts: z.number().int().nonnegative(),
    successes: z.number().int().nonnegative(),
    asr: z.number().min(0).max(1),
    bySeverity: z.record(z.string(), z.number().int().nonnegative()),
  }),
});

/** Reads the latest run's report.json; a missing or foreign file is evidence too (`{ problem }`). */
export function readRedteamReport(file: string): RedteamEvidence | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problem:
        code === 'ENOENT'
          ? 'the configured red-team report does not exist'
          : 'the red-team report is not JSON',
    };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { problem: 'the file is not a bulwark redteam report.json' };
  const r = parsed.data;
  return {
    finishedAt: r.finishedAt,
    model: r.target.model,
    attempts: r.summary.attempts,
    successes: r.summary.successes,
    asr: r.summary.asr,
    bySeverity: r.summary.bySeverity,
  };
}
