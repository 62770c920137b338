import type { Command } from 'commander';
import { register as registerCanary } from './canary.js';
import { register as registerDetect } from './detect.js';
import { register as registerDedup } from './dedup.js';
import { register as registerDp } from './dp.js';
import { register as registerEval } from './eval.js';
import { register as registerRedact } from './redact.js';
import { register as registerSanitize } from './sanitize.js';
import { register as registerScan } from './scan.js';
import { register as registerStart } from './start.js';
import { register as registerConfig } from './config.js';
import { register as registerRedteam } from './redteam.js';
import { register as registerAuditModel } from './audit-model.js';
import { register as registerAudit } from './audit.js';
import { register as registerKeys } from './keys.js';
import { register as registerKeysRoot } from './keys-root.js';
import { register as registerErase } from './erase.js';
import { register as registerSubject } from './subject.js';
import { register as registerUsers } from './users.js';
import { register as registerTenants } from './tenants.js';
import { register as registerAdmin } from './admin.js';
import { register as registerAlerts } from './alerts.js';
import { register as registerReport } from './report.js';
import { register as registerReview } from './review.js';
import { register as registerRetention } from './retention.js';

/** Each CLI command lives in its own file and exports a `register(program)` listed here. */
export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [
  registerEval,
  registerDp,
  registerDetect,
  registerRedact,
  registerDedup,
  registerScan,
  registerStart,
  registerConfig,
  registerRedteam,
  registerAuditModel,
  registerSanitize,
  registerCanary,
  registerAudit,
  registerKeys,
  registerKeysRoot,
  registerErase,
  registerSubject,
  registerUsers,
  registerTenants,
  registerAdmin,
  registerAlerts,
  registerReport,
  registerReview,
  registerRetention,
];
