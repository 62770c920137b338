import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { signAccessReview, type SignReviewResult } from '../compliance/index.js';
import { addAuditStateOptions, withAudit, type AuditFlags } from './audit-runtime.js';
import { writeReport } from './compliance-options.js';

export interface ReviewSignFlags extends AuditFlags {
  report: string;
  reviewer: string;
  out?: string;
}

/** Applies the decisions in a filled-in access review and records them, and the sign-off, in the audit log. */
export async function doReviewSign(flags: ReviewSignFlags): Promise<SignReviewResult> {
  const report = readFileSync(flags.report, 'utf8');
  return withAudit(flags, async ({ storage }, _keys, log) =>
    signAccessReview({ storage, audit: await log(), report, reviewer: flags.reviewer }),
  );
}

/** `bulwark review sign`: the reviewer's keep/revoke/downgrade decisions, applied and audited. */
export function register(program: Command): void {
  const review = program.command('review').description('Sign off access reviews');
  addAuditStateOptions(
    review
      .command('sign')
      .description('Apply the decisions (keep, revoke, downgrade) in an access review and record them')
      .requiredOption('--report <file>', 'the access review (JSON or CSV) with the decision column filled in')
      .requiredOption('--reviewer <name>', 'who reviewed (recorded in the audit log)')
      .option('--out <file>', 'write the sign-off result as JSON (mode 0600)'),
  ).action(async (flags: ReviewSignFlags) => {
    const result = await doReviewSign(flags);
    const count = (o: string) => result.decisions.filter((d) => d.outcome === o).length;
    for (const d of result.decisions.filter((x) => x.outcome === 'skipped'))
      console.error(`skipped ${d.decision} ${d.ref}: ${d.reason}`);
    console.log(
      `review ${result.reportId} signed by ${result.reviewer}: ${count('applied')} decisions applied, ${count('skipped')} skipped, ${result.implicitlyKept} unflagged entries kept; audit record ${result.signAuditId}`,
    );
    if (flags.out !== undefined) writeReport(JSON.stringify(result, null, 2) + '\n', flags.out);
    if (count('skipped') > 0) process.exitCode = 1;
  });
}
