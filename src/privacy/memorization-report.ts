import type { MemorizationAuditResult } from './memorization.js';

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '∞');

/** A terminal table of the audit: one row per canary, then the gate verdict. */
export function formatMemorizationReport(result: MemorizationAuditResult): string {
  const rows = [
    ['canary', 'format', '|R| bits', 'exposure(rank)', 'exposure(skew)', 'greedy', 'sampled', 'gate'],
  ];
  for (const c of result.canaries) {
    const sampled = c.sampling
      ? `${c.sampling.hits}/${c.sampling.samples} [${fixed(c.sampling.interval.lower, 3)}, ${fixed(c.sampling.interval.upper, 3)}]`
      : '-';
    rows.push([
      c.id,
      c.format,
      fixed(c.spaceBits),
      c.exposure ? fixed(c.exposure.rank) : '-',
      c.exposure ? fixed(c.exposure.skewNormal) : '-',
      c.greedy.match,
      sampled,
      c.exceeded ? 'FAIL' : 'ok',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  const mode =
    result.mode === 'logprobs'
      ? `log-probabilities, ${result.references} reference fillings per canary`
      : 'generation only (the endpoint returns no log-probabilities)';
  lines.unshift(
    `Memorisation audit: ${mode}; ${result.samples} samples, ${result.confidence * 100}% Clopper–Pearson`,
  );
  const failing = result.canaries.filter((c) => c.exceeded).length;
  if (result.maxExposure !== undefined) {
    lines.push(
      result.passed
        ? `PASS: no canary above ${result.maxExposure} bits`
        : `FAIL: ${failing} canar${failing === 1 ? 'y' : 'ies'} above ${result.maxExposure} bits`,
    );
  }
  return lines.join('\n');
}
