import { byCount, item, type Check } from './check-types.js';
import { daysBetween } from './duration.js';

/** The audit log verifies end to end under the key ring's public key, and records are durable. */
export const auditIntegrity: Check = {
  id: 'audit-integrity',
  title: 'The audit trail is complete and tamper-evident',
  run(e) {
    const v = e.audit.verify;
    const cp = e.audit.checkpoint;
    const durable = e.config.audit.mode === 'durable';
    const records = v.size - v.from;
    const status = !v.ok ? 'not met' : durable && (cp !== undefined || records === 0) ? 'met' : 'partial';
    return {
      status,
      summary: !v.ok
        ? `Verification failed at position ${v.problem?.position} (${v.problem?.kind}).`
        : status === 'met'
          ? `All ${records} retained records verify against ${v.checkpointsChecked} signed checkpoints.`
          : !durable
            ? 'The log verifies, but audit.mode is async: a crash loses queued records.'
            : 'The log verifies, but no signed checkpoint exists yet.',
      evidence: [
        item(
          'verification',
          v.ok ? `OK, records ${v.from}..${Math.max(v.from, v.size - 1)}` : `FAILED: ${v.problem?.message}`,
        ),
        item(
          'latest checkpoint',
          cp
            ? `size ${cp.treeSize} at ${cp.time}, root ${cp.rootHash.slice(0, 16)}…, key ${cp.keyId}`
            : 'none',
        ),
        item('audit.mode', e.config.audit.mode),
        item(
          'checkpoint every',
          `${e.config.audit.checkpointEvery} records / ${e.config.audit.checkpointIntervalMs} ms`,
        ),
      ],
    };
  },
};

const YEAR_DAYS = 365;

/** Audit records are kept at least a year (PCI DSS 10.5.1) and purged only through retention. */
export const auditRetention: Check = {
  id: 'audit-retention',
  title: 'Audit history is retained',
  run(e) {
    const days = e.config.retention.auditDays;
    return {
      status: days >= YEAR_DAYS ? 'met' : 'partial',
      summary:
        days >= YEAR_DAYS
          ? `Audit records are kept ${days} days, then purged below a signed checkpoint.`
          : `retention.auditDays is ${days}: less than the 12 months PCI DSS 10.5.1 asks for.`,
      evidence: [
        item('retention.auditDays', days),
        item('records retained from position', e.audit.verify.from),
      ],
    };
  },
};

/** Every data class has a finite period and the purge actually runs. */
export const retention: Check = {
  id: 'retention',
  title: 'Stored data is kept no longer than needed',
  run(e) {
    const r = e.config.retention;
    const last = e.activity.lastRetentionRun;
    const due = Math.max(1, Math.ceil((2 * r.schedule.intervalHours) / 24));
    const recent = last !== undefined && daysBetween(last, new Date(e.generatedAt)) <= due;
    const status = recent ? 'met' : r.schedule.enabled || last !== undefined ? 'partial' : 'not met';
    return {
      status,
      summary: recent
        ? `Retention last ran ${last}.`
        : last === undefined
          ? 'Retention periods are set, but no purge has run in the window.'
          : `The last purge ran ${last}, more than ${due} days ago.`,
      evidence: [
        item(
          'retention (days)',
          `audit ${r.auditDays}, transcripts ${r.transcriptDays}, conversations ${r.conversationDays}, vault ${r.vaultDays}, alerts ${r.alertDays}`,
        ),
        item(
          'retention.schedule',
          r.schedule.enabled ? `every ${r.schedule.intervalHours} h in the gateway` : 'off',
        ),
        item('last retention run', last ?? 'none in the window'),
      ],
    };
  },
};

/** Behavioural monitoring runs and alerts reach a person. */
export const monitoring: Check = {
  id: 'monitoring',
  title: 'Anomalies are detected and alerted',
  run(e) {
    const m = e.config.monitoring;
    const hooks = m.alerts.webhooks.length;
    const disabled = Object.entries(m.behaviour.detectors)
      .filter(([, v]) => v === false)
      .map(([k]) => k);
    return {
      status: !m.behaviour.enabled ? 'not met' : hooks > 0 ? 'met' : 'partial',
      summary: !m.behaviour.enabled
        ? 'monitoring.behaviour.enabled is off.'
        : hooks > 0
          ? `Behavioural detectors run and alerts go to ${hooks} webhooks.`
          : 'Detectors run, but no alert webhook is configured: alerts wait in the store.',
      evidence: [
        item('monitoring.behaviour.enabled', m.behaviour.enabled),
        item('disabled detectors', disabled.join(', ') || 'none'),
        item('alert webhooks', hooks),
        item('metrics', m.metrics.enabled ? 'GET /metrics' : 'off'),
      ],
    };
  },
};

/** A recent red-team run exists and found nothing high or critical. */
export const redteam: Check = {
  id: 'redteam',
  title: 'The deployment is tested by red-team runs',
  run(e) {
    const max = e.config.compliance.redteamMaxAgeDays;
    const r = e.redteam;
    if (r === undefined || 'problem' in r)
      return {
        status: 'not met',
        summary:
          r === undefined
            ? 'No red-team report is configured (compliance.redteamReport).'
            : `No usable red-team report: ${r.problem}.`,
        evidence: [item('compliance.redteamReport', e.config.compliance.redteamReport ?? 'not set')],
      };
    const age = daysBetween(r.finishedAt, new Date(e.generatedAt));
    const severe = (r.bySeverity.high ?? 0) + (r.bySeverity.critical ?? 0);
    const held = [age <= max, severe === 0].filter(Boolean).length;
    return {
      status: byCount(held, 2),
      summary:
        held === 2
          ? `The last run (${age} days ago) found no high or critical attack that succeeded.`
          : [
              age > max ? `the last run is ${age} days old (max ${max})` : '',
              severe > 0 ? `${severe} high/critical attacks succeeded` : '',
            ]
              .filter(Boolean)
              .join('; ') + '.',
      evidence: [
        item('last run finished', r.finishedAt),
        item('model', r.model),
        item('attack success rate', `${(r.asr * 100).toFixed(1)}% (${r.successes}/${r.attempts})`),
        item('successful high/critical attacks', severe),
      ],
    };
  },
};

/** Guardrails, audit and limits refuse rather than pass when they fail. */
export const failClosed: Check = {
  id: 'fail-closed',
  title: 'Safeguards fail closed',
  run(e) {
    const c = e.config;
    const parts: [string, boolean, string][] = [
      [
        'policy.failOpen',
        !c.policy.failOpen && c.policy.routes.every((r) => r.failOpen !== true),
        String(c.policy.failOpen),
      ],
      ['audit.mode', c.audit.mode === 'durable', c.audit.mode],
      ['limits.onStoreError', c.limits.onStoreError === 'fail-closed', c.limits.onStoreError],
    ];
    const held = parts.filter(([, ok]) => ok).length;
    return {
      status: byCount(held, parts.length),
      summary:
        held === parts.length
          ? 'A failing guardrail, audit store or limit store refuses the request.'
          : `Fails open: ${parts
              .filter(([, ok]) => !ok)
              .map(([k]) => k)
              .join(', ')}.`,
      evidence: parts.map(([k, ok, v]) => item(k, `${v}${ok ? '' : ' (fails open)'}`)),
    };
  },
};
