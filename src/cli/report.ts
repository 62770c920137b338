import type { Command } from 'commander';
import { auditKeys } from '../audit/index.js';
import {
  accessReviewCsv,
  accessReviewHtml,
  buildAccessReview,
  buildComplianceReport,
  buildProcessingRecord,
  collectEvidence,
  complianceHtml,
  FRAMEWORKS,
  periodStart,
  processingRecordHtml,
  reportTarget,
  type AccessReviewReport,
  type ComplianceReport,
  type Framework,
} from '../compliance/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';
import { oneOf, reportConfig, rootKeySourceOf, writeReport } from './compliance-options.js';
import { addStateOptions, type StateFlags } from './state-options.js';

export interface AccessReviewFlags extends AuditFlags {
  since: string;
  format: 'json' | 'csv' | 'html';
  tenant?: string;
  out?: string;
}

export interface ComplianceFlags extends AuditFlags {
  framework: Framework;
  format: 'json' | 'html';
  out?: string;
}

export interface ProcessingFlags extends StateFlags {
  format: 'json' | 'html';
  out?: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Builds an access review, records its id and digest in the audit log (so it can be signed), renders it. */
export async function doAccessReviewReport(
  flags: AccessReviewFlags,
  now: () => Date = () => new Date(),
): Promise<{ report: AccessReviewReport; text: string }> {
  const config = reportConfig(flags, false);
  const since = periodStart(flags.since, now());
  return withAudit(flags, async ({ storage }, _keys, log) => {
    const report = await buildAccessReview({
      storage,
      thresholds: config.compliance,
      since,
      now,
      ...(flags.tenant === undefined ? {} : { tenant: flags.tenant }),
    });
    await (
      await log()
    ).append({
      kind: 'admin',
      action: 'review.report',
      target: reportTarget(report.reportId, report.digest),
      ...(flags.tenant === undefined ? {} : { tenant: flags.tenant }),
      outcome: 'success',
    });
    const text =
      flags.format === 'csv'
        ? accessReviewCsv(report)
        : flags.format === 'html'
          ? accessReviewHtml(report)
          : json(report);
    return { report, text };
  });
}

/** Collects evidence from the live configuration and stores and evaluates the framework's controls. */
export async function doComplianceReport(
  flags: ComplianceFlags,
  now: () => Date = () => new Date(),
): Promise<{ report: ComplianceReport; text: string }> {
  const config = reportConfig(flags, true);
  return withAudit(flags, async ({ storage, keyRing }) => {
    const evidence = await collectEvidence({
      config,
      storage,
      publicKey: (await auditKeys(keyRing)).signer.publicKey,
      rootKeySource: rootKeySourceOf(flags),
      now,
    });
    const report = buildComplianceReport(flags.framework, evidence);
    return { report, text: flags.format === 'html' ? complianceHtml(report) : json(report) };
  });
}

/** The GDPR Art. 30 record from the configuration file alone. */
export function doProcessingReport(flags: ProcessingFlags, now = new Date()): string {
  const record = buildProcessingRecord(reportConfig(flags, true), now);
  return flags.format === 'html' ? processingRecordHtml(record) : json(record);
}

/** `bulwark report access-review|compliance|processing`: evidence an auditor can check. */
export function register(program: Command): void {
  const report = program
    .command('report')
    .description('Access reviews, compliance evidence, GDPR Art. 30 record');

  addAuditStateOptions(
    report
      .command('access-review')
      .description('Every principal holding access, flagged for review; records the report in the audit log')
      .option('--since <period>', 'review period: a duration (90d, 12w) or an ISO date', '90d')
      .option(
        '--format <format>',
        'json, csv (fill in decisions) or html',
        oneOf(['json', 'csv', 'html'], '--format'),
        'json',
      )
      .option('--tenant <tenant>', 'only this tenant')
      .option('--out <file>', 'write to a file (mode 0600) instead of standard output'),
  ).action(async (flags: AccessReviewFlags) => {
    const { report: r, text } = await doAccessReviewReport(flags);
    writeReport(text, flags.out);
    console.error(
      `access review ${r.reportId}: ${r.summary.entries} principals, ${r.summary.flagged} flagged; sign with bulwark review sign --report FILE --reviewer NAME`,
    );
  });

  addAuditStateOptions(
    report
      .command('compliance')
      .description('Control-by-control status (met, partial, not met) with evidence from the live state')
      .requiredOption('--framework <name>', FRAMEWORKS.join(', '), oneOf(FRAMEWORKS, '--framework'))
      .option('--format <format>', 'json or html', oneOf(['json', 'html'], '--format'), 'json')
      .option('--out <file>', 'write to a file (mode 0600) instead of standard output'),
  ).action(async (flags: ComplianceFlags) => {
    const { report: r, text } = await doComplianceReport(flags);
    writeReport(text, flags.out);
    console.error(
      `${r.frameworkName}: ${r.summary.met} met, ${r.summary.partial} partial, ${r.summary['not met']} not met`,
    );
  });

  addStateOptions(
    report
      .command('processing')
      .description('GDPR Art. 30 record of processing activities, generated from the configuration')
      .option('--format <format>', 'json or html', oneOf(['json', 'html'], '--format'), 'json')
      .option('--out <file>', 'write to a file (mode 0600) instead of standard output'),
  ).action((flags: ProcessingFlags) => writeReport(doProcessingReport(flags), flags.out));
}
