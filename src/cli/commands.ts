import type { Command } from 'commander';

/** Each CLI command lives in its own file and exports a `register(program)`. */
export type RegisterCommand = (program: Command) => void;

type CommandModule = () => Promise<{ register: RegisterCommand }>;

/**
 * Top-level command name → the files that register it, in help order. Loaded on demand: importing every
 * command (the gateway, storage drivers, the console) cost a `bulwark scan` about 150 MB of RSS before
 * it read a byte.
 */
export const commandModules: Readonly<Record<string, readonly CommandModule[]>> = {
  eval: [() => import('./eval.js')],
  dp: [() => import('./dp.js')],
  detect: [() => import('./detect.js')],
  redact: [() => import('./redact.js')],
  dedup: [() => import('./dedup.js')],
  scan: [() => import('./scan.js')],
  start: [() => import('./start.js')],
  config: [() => import('./config.js')],
  redteam: [() => import('./redteam.js')],
  'audit-model': [() => import('./audit-model.js')],
  sanitize: [() => import('./sanitize.js')],
  canary: [() => import('./canary.js')],
  audit: [() => import('./audit.js')],
  keys: [() => import('./keys.js'), () => import('./keys-root.js')],
  erase: [() => import('./erase.js')],
  subject: [() => import('./subject.js')],
  users: [() => import('./users.js')],
  tenants: [() => import('./tenants.js')],
  admin: [() => import('./admin.js')],
  alerts: [() => import('./alerts.js')],
  report: [() => import('./report.js')],
  review: [() => import('./review.js')],
  retention: [() => import('./retention.js')],
};
