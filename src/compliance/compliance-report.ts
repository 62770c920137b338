import { BulwarkError } from '../core/index.js';
import { combine, type CheckResult, type Status } from './check-types.js';
import type { Evidence } from './evidence.js';
import { CONTROLS, FRAMEWORK_NAMES, FRAMEWORKS, isFramework, type Framework } from './frameworks.js';
import { esc, page, pill, table } from './html.js';

export interface ControlResult {
  id: string;
  title: string;
  status: Status;
  checks: CheckResult[];
}

export interface ComplianceReport {
  format: 'bulwark-compliance/v1';
  framework: Framework;
  frameworkName: string;
  generatedAt: string;
  summary: Record<Status, number>;
  controls: ControlResult[];
  /** Statuses are computed from live state by Bulwark; they are evidence for an auditor, not a certification. */
  disclaimer: string;
}

/** Evaluates every control of a framework against the evidence. */
export function buildComplianceReport(framework: string, evidence: Evidence): ComplianceReport {
  if (!isFramework(framework))
    throw new BulwarkError('VALIDATION_FAILED', {
      message: `--framework must be one of ${FRAMEWORKS.join(', ')}`,
      details: { field: 'framework', allowed: FRAMEWORKS },
    });
  const cache = new Map<string, CheckResult>();
  const controls = CONTROLS[framework].map((control): ControlResult => {
    const checks = control.checks.map((check) => {
      let result = cache.get(check.id);
      if (result === undefined) {
        result = { id: check.id, title: check.title, ...check.run(evidence) };
        cache.set(check.id, result);
      }
      return result;
    });
    return { id: control.id, title: control.title, status: combine(checks.map((c) => c.status)), checks };
  });
  const count = (s: Status) => controls.filter((c) => c.status === s).length;
  return {
    format: 'bulwark-compliance/v1',
    framework,
    frameworkName: FRAMEWORK_NAMES[framework],
    generatedAt: evidence.generatedAt,
    summary: { met: count('met'), partial: count('partial'), 'not met': count('not met') },
    controls,
    disclaimer:
      'Generated from the gateway\u2019s live configuration and stores. It covers the controls an LLM gateway touches and is evidence for an assessment, not a certification.',
  };
}

const statusPill = (s: Status) => pill(s, s.replace(' ', '-'));

/** A self-contained HTML table of controls, with each check's status and evidence. */
export function complianceHtml(r: ComplianceReport): string {
  const rows = r.controls.map((c) => [
    { html: `<b>${esc(c.id)}</b><br>${esc(c.title)}` },
    statusPill(c.status),
    {
      html: c.checks
        .map(
          (k) =>
            `<p>${statusPill(k.status).html} <b>${esc(k.title)}</b>: ${esc(k.summary)}</p><ul class="evidence">${k.evidence
              .map((e) => `<li>${esc(e.item)}: <code>${esc(e.value)}</code></li>`)
              .join('')}</ul>`,
        )
        .join(''),
    },
  ]);
  const s = r.summary;
  return page(
    `Bulwark compliance evidence: ${r.frameworkName}`,
    `<h1>Compliance evidence: ${esc(r.frameworkName)}</h1>
<p>Generated ${esc(r.generatedAt)}. <span class="pill met">${s.met} met</span> <span class="pill partial">${s.partial} partial</span> <span class="pill not-met">${s['not met']} not met</span></p>
<p class="muted">${esc(r.disclaimer)}</p>
${table(['control', 'status', 'evidence'], rows)}`,
  );
}
