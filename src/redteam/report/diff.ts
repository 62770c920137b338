import type { ProbeCategory } from '../types.js';
import type { RunReport } from './summary.js';

export interface CategoryDelta {
  category: ProbeCategory;
  before: number;
  after: number;
  /** after − before, in attack-success-rate points (0..1). */
  change: number;
}

export interface RunDiff {
  /** Attacks that succeed now and did not before (or are new). */
  newFailures: string[];
  /** Attacks that succeeded before and are now defended. */
  fixed: string[];
  categories: CategoryDelta[];
  asrBefore: number;
  asrAfter: number;
  /** Over-refusal on benign controls, when both runs measured it. */
  overRefusalBefore?: number;
  overRefusalAfter?: number;
}

/** Compares a run with a baseline run, attack by attack and category by category. */
export function diffRuns(baseline: RunReport, current: RunReport): RunDiff {
  const before = new Map(baseline.attempts.map((a) => [a.id, a.status]));
  const after = new Map(current.attempts.map((a) => [a.id, a.status]));
  const newFailures = current.attempts
    .filter((a) => a.status === 'fail' && before.get(a.id) !== 'fail')
    .map((a) => a.id);
  const fixed = baseline.attempts
    .filter((a) => a.status === 'fail' && after.get(a.id) === 'pass')
    .map((a) => a.id);
  const categories = new Set(
    [...baseline.summary.byCategory, ...current.summary.byCategory].map((c) => c.category),
  );
  return {
    newFailures,
    fixed,
    categories: [...categories].map((category) => {
      const b = baseline.summary.byCategory.find((c) => c.category === category)?.asr ?? 0;
      const a = current.summary.byCategory.find((c) => c.category === category)?.asr ?? 0;
      return { category, before: b, after: a, change: a - b };
    }),
    asrBefore: baseline.summary.asr,
    asrAfter: current.summary.asr,
    ...(baseline.controls && current.controls
      ? { overRefusalBefore: baseline.controls.overRefusal, overRefusalAfter: current.controls.overRefusal }
      : {}),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Terminal lines for a diff. */
export function formatDiff(diff: RunDiff): string {
  const lines = [`Against baseline: ASR ${pct(diff.asrBefore)} → ${pct(diff.asrAfter)}`];
  for (const c of diff.categories) {
    const sign = c.change > 0 ? '+' : '';
    lines.push(
      `  ${c.category.padEnd(26)} ${pct(c.before).padStart(6)} → ${pct(c.after).padStart(6)} (${sign}${(c.change * 100).toFixed(1)} pts)`,
    );
  }
  lines.push(`  new failures: ${diff.newFailures.length}, fixed: ${diff.fixed.length}`);
  if (diff.overRefusalBefore !== undefined && diff.overRefusalAfter !== undefined) {
    lines.push(
      `  over-refusal on benign controls: ${pct(diff.overRefusalBefore)} → ${pct(diff.overRefusalAfter)}`,
    );
  }
  return lines.join('\n');
}
