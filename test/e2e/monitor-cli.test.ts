import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { doAlertsAck, doAlertsList } from '../../src/cli/alerts.js';
import { createAlertManager } from '../../src/monitor/index.js';
import { openSqliteStorage, sqlitePathIn } from '../../src/storage/index.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bulwark alerts list / ack', () => {
  it('lists alerts the monitor stored and acknowledges one (audited)', async () => {
    // The root key must exist before storage is shared with the CLI runtime.
    expect(await doAlertsList({ config: 'none.yaml', dataDir: dir })).toEqual([]);
    const storage = openSqliteStorage({ path: sqlitePathIn(dir) });
    const manager = createAlertManager({ store: storage.alerts });
    const raised = await manager.raise({
      detector: 'restricted-reads',
      severity: 'high',
      subject: { kind: 'principal', id: 'svc-reporting' },
      score: 8,
      summary: 'restricted-data reads far above norm',
      evidence: { restrictedFindings: 42, bucketSeconds: 600 },
      at: Date.now(),
    });
    await storage.close();
    const id = raised.alert!.id;

    const rows = await doAlertsList({ config: 'none.yaml', dataDir: dir, status: 'open' });
    expect(rows).toEqual([
      expect.objectContaining({ id, severity: 'high', subject: 'principal:svc-reporting' }),
    ]);
    expect((await doAlertsAck({ config: 'none.yaml', dataDir: dir, id, by: 'oncall' }))?.status).toBe(
      'acknowledged',
    );
    expect(await doAlertsList({ config: 'none.yaml', dataDir: dir, status: 'open' })).toEqual([]);
    expect(
      await doAlertsAck({ config: 'none.yaml', dataDir: dir, id: 'al_missing', by: 'oncall' }),
    ).toBeUndefined();

    const audit = openSqliteStorage({ path: sqlitePathIn(dir) });
    const head = await audit.audit.head();
    await audit.close();
    expect(head.size).toBe(2);
  });
});
