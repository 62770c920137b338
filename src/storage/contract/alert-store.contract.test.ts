import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { NewAlert } from '../ports/alert-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const alert = (dedupeKey: string, at: string, severity = 'medium'): NewAlert => ({
  id: 'al_' + randomUUID(),
  dedupeKey,
  detector: 'volume-spike',
  severity,
  subjectKind: 'principal',
  subjectId: 'user-1',
  summary: 'request rate spike',
  evidence: { value: 40, measure: 'requests', warmed: true },
  at,
});

describe.each(backends)('AlertStore contract: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)('creates, then folds repeats of one incident into it', async () => {
    const { alerts } = await backend.open();
    const first = await alerts.raise(alert('d1', '2026-01-01T10:00:00.000Z'), '2026-01-01T09:00:00.000Z');
    expect(first.created).toBe(true);
    expect(first.alert).toMatchObject({ status: 'open', count: 1, evidence: { value: 40, warmed: true } });
    const again = await alerts.raise(
      alert('d1', '2026-01-01T10:05:00.000Z', 'high'),
      '2026-01-01T09:05:00.000Z',
    );
    expect(again.created).toBe(false);
    expect(again.alert).toMatchObject({
      id: first.alert.id,
      count: 2,
      severity: 'high',
      lastSeen: '2026-01-01T10:05:00.000Z',
    });
    expect(await alerts.get(first.alert.id)).toEqual(again.alert);
  });

  it.skipIf(backend.skip !== undefined)(
    'opens a new alert after the dedupe window or for another key',
    async () => {
      const { alerts } = await backend.open();
      const a = await alerts.raise(alert('d2', '2026-01-01T10:00:00.000Z'), '2026-01-01T09:00:00.000Z');
      const later = await alerts.raise(alert('d2', '2026-01-01T12:00:00.000Z'), '2026-01-01T11:00:00.000Z');
      const other = await alerts.raise(alert('d3', '2026-01-01T12:00:01.000Z'), '2026-01-01T11:00:00.000Z');
      expect(later.created).toBe(true);
      expect(other.created).toBe(true);
      expect(later.alert.id).not.toBe(a.alert.id);
      expect((await alerts.list()).map((x) => x.id)).toEqual([other.alert.id, later.alert.id, a.alert.id]);
      expect(await alerts.countCreatedSince('2026-01-01T11:00:00.000Z')).toBe(2);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'acknowledges, filters by status, and knows unknown ids',
    async () => {
      const { alerts } = await backend.open();
      const { alert: a } = await alerts.raise(
        alert('d4', '2026-01-01T10:00:00.000Z'),
        '2026-01-01T09:00:00.000Z',
      );
      await alerts.raise(alert('d5', '2026-01-01T10:01:00.000Z'), '2026-01-01T09:00:00.000Z');
      const acked = await alerts.acknowledge(a.id, 'admin', '2026-01-01T10:30:00.000Z');
      expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin' });
      expect((await alerts.list({ status: 'acknowledged' })).map((x) => x.id)).toEqual([a.id]);
      expect(await alerts.list({ status: 'open' })).toHaveLength(1);
      expect(await alerts.acknowledge('al_missing', 'admin', '2026-01-01T10:30:00.000Z')).toBeUndefined();
      expect(await alerts.get('al_missing')).toBeUndefined();
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'never opens one incident twice under concurrent raises',
    async () => {
      const { alerts } = await backend.open();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          alerts.raise(alert('d6', `2026-01-01T10:00:0${i}.000Z`), '2026-01-01T09:00:00.000Z'),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect((await alerts.list()).find((x) => x.dedupeKey === 'd6')?.count).toBe(8);
    },
  );
});
