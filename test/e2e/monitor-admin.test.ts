import { describe, expect, it } from 'vitest';
import type { AdminAuditEntry, AdminDeps } from '../../src/gateway/admin/admin-routes.js';
import { alertRoutes } from '../../src/gateway/admin/alerts-routes.js';
import { createAlertManager } from '../../src/monitor/index.js';
import { openMemoryStorage } from '../../src/storage/index.js';

describe('admin alert routes', () => {
  it('lists, reads and acknowledges alerts, auditing the acknowledgement', async () => {
    const { alerts } = openMemoryStorage();
    const { alert } = await createAlertManager({ store: alerts }).raise({
      detector: 'near-duplicate-burst',
      severity: 'high',
      subject: { kind: 'principal', id: 'app-7' },
      score: 8,
      summary: '8 near-identical prompts in 300s',
      evidence: { nearIdentical: 8 },
      at: Date.now(),
    });
    const routes = alertRoutes(alerts);
    const route = (method: string, path: string) =>
      routes.find((r) => r.method === method && r.path === path)!;
    const audited: AdminAuditEntry[] = [];
    const deps = {
      audit: (e: AdminAuditEntry) => Promise.resolve(void audited.push(e)),
    } as unknown as AdminDeps;
    const principal = {
      id: 'admin-1',
      tenant: 't',
      kind: 'user',
      roles: ['admin'],
      clearance: 'restricted',
    } as const;
    for (const r of routes) expect(r.permissions.every((p) => p.startsWith('alerts:'))).toBe(true);

    const listed = (await route('GET', '/alerts').handler(
      { principal, params: {}, body: undefined },
      deps,
    )) as {
      data: { id: string }[];
    };
    expect(listed.data.map((a) => a.id)).toEqual([alert!.id]);
    const one = await route('GET', '/alerts/:id').handler(
      { principal, params: { id: alert!.id }, body: undefined },
      deps,
    );
    expect(one).toMatchObject({ detector: 'near-duplicate-burst', status: 'open' });
    const acked = await route('POST', '/alerts/:id/ack').handler(
      { principal, params: { id: alert!.id }, body: undefined },
      deps,
    );
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin-1' });
    expect(audited).toEqual([expect.objectContaining({ action: 'alerts.ack', outcome: 'success' })]);
    await expect(
      route('GET', '/alerts/:id').handler({ principal, params: { id: 'al_none' }, body: undefined }, deps),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
