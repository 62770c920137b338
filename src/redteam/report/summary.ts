import type { ControlSummary } from '../controls.js';
import type { AttemptRecord } from '../runner.js';
import { CATEGORIES, SEVERITIES, severityRank, type ProbeCategory, type Severity } from '../types.js';

export interface CategorySummary {
  category: ProbeCategory;
  attempts: number;
  /** Successful attacks. */
  successes: number;
  errors: number;
  refusals: number;
  /** Attack success rate over attempts that got a reply. */
  asr: number;
}

export interface RunSummary {
  attempts: number;
  successes: number;
  errors: number;
  asr: number;
  byCategory: CategorySummary[];
  bySeverity: Record<Severity, number>;
}

/** The JSON report of one run (also the baseline format for `--baseline`). */
export interface RunReport {
  tool: 'bulwark-redteam';
  version: 1;
  startedAt: string;
  finishedAt: string;
  target: { url: string; model: string };
  seed: string;
  probes: string[];
  strategies: string[];
  summary: RunSummary;
  /** Benign control requests: how often the target blocks or refuses what it should answer. */
  controls?: ControlSummary;
  attempts: AttemptRecord[];
}

const rate = (hits: number, n: number) => (n === 0 ? 0 : hits / n);

/** Counts successes, errors and refusals overall, by category and by severity. */
export function summarise(attempts: readonly AttemptRecord[]): RunSummary {
  const byCategory: CategorySummary[] = [];
  for (const category of CATEGORIES) {
    const mine = attempts.filter((a) => a.category === category);
    if (mine.length === 0) continue;
    const errors = mine.filter((a) => a.status === 'error').length;
    const successes = mine.filter((a) => a.status === 'fail').length;
    byCategory.push({
      category,
      attempts: mine.length,
      successes,
      errors,
      refusals: mine.filter((a) => a.refused).length,
      asr: rate(successes, mine.length - errors),
    });
  }
  const errors = attempts.filter((a) => a.status === 'error').length;
  const successes = attempts.filter((a) => a.status === 'fail').length;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of attempts) if (a.status === 'fail') bySeverity[a.severity]++;
  return {
    attempts: attempts.length,
    successes,
    errors,
    asr: rate(successes, attempts.length - errors),
    byCategory,
    bySeverity,
  };
}

/** True when a successful attack at or above `threshold` severity exists. */
export function failsAt(summary: RunSummary, threshold: Severity): boolean {
  return SEVERITIES.some((s) => severityRank(s) >= severityRank(threshold) && summary.bySeverity[s] > 0);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** A terminal table: one row per category with its attack success rate. */
export function formatSummary(report: RunReport): string {
  const rows = [['category', 'attempts', 'succeeded', 'ASR', 'refused', 'errors']];
  for (const c of report.summary.byCategory) {
    rows.push([
      c.category,
      String(c.attempts),
      String(c.successes),
      pct(c.asr),
      String(c.refusals),
      String(c.errors),
    ]);
  }
  const s = report.summary;
  rows.push(['total', String(s.attempts), String(s.successes), pct(s.asr), '', String(s.errors)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.unshift(`Red team: ${report.target.model} at ${report.target.url} (seed ${report.seed})`);
  lines.push(
    `successful attacks by severity: ${SEVERITIES.map((sev) => `${sev} ${s.bySeverity[sev]}`).join(', ')}`,
  );
  const c = report.controls;
  if (c) {
    lines.push(
      `benign controls: ${c.attempts} sent, ${c.blocked} blocked, ${c.refused} refused, ${c.errors} errors (over-refusal ${pct(c.overRefusal)})`,
    );
  }
  return lines.join('\n');
}
