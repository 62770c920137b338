import { probes as builtinProbes } from '../probes/index.js';
import type { ProbeDescriptor, Severity } from '../types.js';
import type { RunReport } from './summary.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

// GitHub code scanning reads `security-severity` (0–10) to rank security results.
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
};

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF 2.1.0 log: one rule per probe, one result per probe with at least one successful attack. */
export function toSarif(report: RunReport, probeList: readonly ProbeDescriptor[] = builtinProbes): object {
  const ran = probeList.filter((p) => report.probes.includes(p.id));
  const results = ran.flatMap((probe, ruleIndex) => {
    const mine = report.attempts.filter((a) => a.probe === probe.id && a.status !== 'error');
    const failed = mine.filter((a) => a.status === 'fail');
    if (failed.length === 0) return [];
    const strategies = [...new Set(failed.map((a) => a.strategy))];
    return [
      {
        ruleId: probe.id,
        ruleIndex,
        level: LEVEL[probe.severity],
        message: {
          text: `${failed.length} of ${mine.length} ${probe.id} attacks succeeded against ${report.target.model} (strategies: ${strategies.join(', ')}).`,
        },
        locations: [
          {
            logicalLocations: [
              {
                name: report.target.model,
                fullyQualifiedName: `${report.target.url}#${report.target.model}`,
                kind: 'module',
              },
            ],
          },
        ],
        partialFingerprints: { probe: probe.id, model: report.target.model },
        properties: {
          attackSuccessRate: failed.length / mine.length,
          failingAttacks: failed.map((a) => a.id),
        },
      },
    ];
  });
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'bulwark-redteam',
            version: '0.1.0',
            rules: ran.map((probe) => ({
              id: probe.id,
              name: probe.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
              shortDescription: { text: probe.description },
              defaultConfiguration: { level: LEVEL[probe.severity] },
              properties: {
                category: probe.category,
                'security-severity': SECURITY_SEVERITY[probe.severity],
                tags: ['security', 'llm'],
              },
            })),
          },
        },
        invocations: [
          { executionSuccessful: true, startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt },
        ],
        results,
      },
    ],
  };
}
