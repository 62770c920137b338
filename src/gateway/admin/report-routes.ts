import { BulwarkError } from '../../core/index.js';
import type { AdminRoute } from './admin-routes.js';
import { listReports, openReport, reportsDirOf } from './reports.js';
import { RawReply } from './raw-reply.js';
import { REPORT_VIEW_HEADERS } from './security-headers.js';

/**
 * The Reports page: what the CLI wrote to `console.reportsDir` (dataset scans, red-team runs,
 * compliance reports). Reports are files, not tenant-scoped rows, so only `reports:read` holders
 * see them; HTML is served under a sandboxing CSP for an `<iframe sandbox>`.
 */
export function reportRoutes(): AdminRoute[] {
  return [
    {
      method: 'GET',
      path: '/reports',
      permissions: ['reports:read'],
      async handler(_request, deps) {
        return { data: listReports(reportsDirOf(deps.config())) };
      },
    },
    {
      method: 'GET',
      path: '/reports/:id',
      permissions: ['reports:read'],
      async handler(request, deps) {
        const dir = reportsDirOf(deps.config());
        const id = request.params.id ?? '';
        const report = openReport(dir, id);
        const entry = listReports(dir).find((r) => r.id === id);
        if (!entry) throw new BulwarkError('NOT_FOUND');
        // HTML is shown through /raw in a sandboxed frame; text formats come back as text.
        return entry.format === 'html' ? { ...entry } : { ...entry, text: report.body.toString('utf8') };
      },
    },
    {
      method: 'GET',
      path: '/reports/:id/raw',
      permissions: ['reports:read'],
      async handler(request, deps) {
        const report = openReport(reportsDirOf(deps.config()), request.params.id ?? '');
        return new RawReply(report.contentType, report.body, REPORT_VIEW_HEADERS);
      },
    },
  ];
}
