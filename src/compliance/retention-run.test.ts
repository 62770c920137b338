import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openAuditLog, verifyAuditLog, type AuditRecord } from '../audit/index.js';
import { isBulwarkError } from '../core/index.js';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { parseConfig } from '../config/index.js';
import type { Storage } from '../storage/index.js';
import { testBackends } from '../storage/contract/backends.js';
import { daysAgo, SEED_NOW } from '../testing/compliance-seed.js';
import { runRetention, type RetentionResult } from './retention-run.js';
import { scheduleGatewayRetention, scheduleRetention } from './retention-schedule.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const retention = { auditDays: 400, transcriptDays: 30, conversationDays: 30, vaultDays: 1, alertDays: 400 };
const FUTURE = '2030-01-01T00:00:00.000Z';

/** Audit records 500…10 days old (two with transcripts), conversations and alerts of several ages. */
async function seed(storage: Storage) {
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  let clock = SEED_NOW;
  const audit = await openAuditLog({
    store: storage.audit,
    keyRing,
    checkpointIntervalMs: 0,
    now: () => clock,
  });
  const ids: Record<string, string> = {};
  for (const [age, transcript] of [
    [500],
    [450],
    [410],
    [300],
    [40, 'user: my card is 4111 1111 1111 1111'],
    [5, 'user: hello'],
  ] as const) {
    clock = new Date(daysAgo(age));
    const r = await audit.append({
      kind: 'request',
      tenant: 'acme',
      principal: 'app:x',
      status: 200,
      ...(transcript ? { transcript } : {}),
    });
    ids[age] = r.id;
  }
  clock = SEED_NOW;
  const conversation = (id: string, updatedAt: string, expiresAt: string) =>
    storage.conversations.put(
      {
        tenant: 'acme',
        principal: 'ana',
        conversationId: id,
        payload: randomBytes(16),
        version: 1,
        updatedAt,
        expiresAt,
      },
      0,
    );
  await conversation('idle', daysAgo(40), FUTURE);
  await conversation('expired', daysAgo(2), daysAgo(1));
  await conversation('live', daysAgo(1), FUTURE);
  const alert = async (key: string, at: string, ack: boolean) => {
    const { alert: a } = await storage.alerts.raise(
      {
        id: 'al_' + randomUUID(),
        dedupeKey: key,
        detector: 'volume-spike',
        severity: 'high',
        subjectKind: 'principal',
        subjectId: 'x',
        summary: 's',
        evidence: {},
        at,
      },
      at,
    );
    if (ack) await storage.alerts.acknowledge(a.id, 'admin', at);
  };
  await alert('old-handled', daysAgo(500), true);
  await alert('old-open', daysAgo(500), false);
  await alert('recent', daysAgo(10), true);
  return { keyRing, audit, ids };
}

const counts = (r: RetentionResult) => Object.fromEntries(r.classes.map((c) => [c.class, c.count]));
const bodies = async (storage: Storage) =>
  (await storage.audit.range(0, 1000)).map((e) => JSON.parse(e.body) as AuditRecord);

describe.each(backends)('retention run: $name', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'lists what would go, then purges it per class, audits the run, and the log still verifies',
    async () => {
      const storage = await backend.open();
      const { keyRing, audit, ids } = await seed(storage);
      const options = { retention, storage, keyRing, audit, signer: audit.signer, now: () => SEED_NOW };

      const dry = await runRetention({ ...options, dryRun: true });
      expect(dry.classes).toEqual([
        { class: 'transcripts', days: 30, before: daysAgo(30), count: 1, unit: 'daily keys', stored: true },
        {
          class: 'conversations',
          days: 30,
          before: daysAgo(30),
          count: 2,
          unit: 'conversations',
          stored: true,
        },
        { class: 'vault', days: 1, before: daysAgo(1), count: 0, unit: 'entries', stored: false },
        { class: 'alerts', days: 400, before: daysAgo(400), count: 1, unit: 'alerts', stored: true },
        { class: 'audit', days: 400, before: daysAgo(400), count: 3, unit: 'records', stored: true },
      ]);
      expect(dry.auditId).toBeUndefined();
      expect((await storage.audit.head()).size).toBe(6); // a dry run writes nothing

      const run = await runRetention(options);
      expect(counts(run)).toEqual(counts(dry));
      expect(await storage.conversations.countStale(daysAgo(30), SEED_NOW)).toBe(0);
      expect(
        await storage.conversations.get(
          { tenant: 'acme', principal: 'ana', conversationId: 'live' },
          SEED_NOW,
        ),
      ).toBeDefined();
      expect((await storage.alerts.list()).map((a) => a.dedupeKey).sort()).toEqual(['old-open', 'recent']);

      // The 40-day-old transcript is unreadable; its record, and the 5-day-old transcript, remain.
      const records = await bodies(storage);
      const transcript = (id: string) => {
        const r = records.find((x) => x.id === id)!;
        return keyRing.decrypt(Buffer.from(r.transcript!, 'base64'), r.id);
      };
      const shredded = await transcript(ids[40]!).catch((e: unknown) => e);
      expect(isBulwarkError(shredded) && shredded.code).toBe('DATA_KEY_DESTROYED');
      expect(String(await transcript(ids[5]!))).toBe('user: hello');

      expect(records.map((r) => r.action ?? r.kind)).toEqual([
        'request',
        'request',
        'request',
        'audit.purge',
        'retention.run',
      ]);
      expect(records.at(-1)).toMatchObject({
        target: 'transcripts=1 conversations=2 alerts=1 audit=3',
        outcome: 'success',
        id: run.auditId,
      });
      await audit.close();
      expect(await verifyAuditLog({ store: storage.audit, publicKey: audit.signer.publicKey })).toMatchObject(
        {
          ok: true,
          from: 3,
          size: 8,
        },
      );

      const again = await runRetention({
        ...options,
        audit: await openAuditLog({ store: storage.audit, keyRing }),
      });
      expect(counts(again)).toEqual({ transcripts: 0, conversations: 0, vault: 0, alerts: 0, audit: 0 });
    },
  );
});

describe('retention run options', () => {
  it('refuses a real run without the audit log to record it', async () => {
    const storage = await backends[0]!.open();
    const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
    await expect(runRetention({ retention, storage, keyRing })).rejects.toThrow(/audit log/);
  });
});

describe('retention schedule', () => {
  afterEach(() => vi.useRealTimers());

  it('runs after the first delay and then every interval on an unref’d timer, never overlapping', async () => {
    vi.useFakeTimers();
    const config = { schedule: { enabled: true, intervalHours: 24 } };
    let release: () => void = () => undefined;
    const run = vi.fn(
      () =>
        new Promise<RetentionResult>((resolve) => {
          release = () => resolve({ dryRun: false, at: '', classes: [] });
        }),
    );
    const onResult = vi.fn();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const schedule = scheduleRetention({ config: () => config, run, onResult, firstDelayMs: 60_000 });
    expect((setTimeoutSpy.mock.results[0]!.value as NodeJS.Timeout).hasRef()).toBe(false);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000); // still running: the tick is skipped
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(onResult).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(run).toHaveBeenCalledTimes(2);
    release();
    config.schedule.enabled = false; // a reload turned it off
    await vi.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(run).toHaveBeenCalledTimes(2);
    await schedule.stop();
    config.schedule.enabled = true;
    await vi.advanceTimersByTimeAsync(48 * 3_600_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('reports a failed run and tries again at the next tick', async () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const run = vi.fn(() => Promise.reject(new Error('database went away')));
    const schedule = scheduleRetention({
      config: () => ({ schedule: { enabled: true, intervalHours: 1 } }),
      run,
      onError,
      firstDelayMs: 10,
    });
    await vi.advanceTimersByTimeAsync(10 + 3_600_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledTimes(2);
    await schedule.stop();
  });

  it('purges from the gateway with the live config and logs the counts', async () => {
    const storage = await backends[0]!.open();
    const { keyRing, audit } = await seed(storage);
    const config = parseConfig(
      `upstreams: { a: { kind: anthropic, baseUrl: 'https://api.anthropic.com/v1' } }\nmodels: {}\nretention: { auditDays: 400 }`,
      { env: {} },
    );
    // The gateway counts against the wall clock, so the expectation does too.
    const cut = Date.now() - 400 * 86_400_000;
    const expired = (await bodies(storage)).filter((r) => Date.parse(r.time) < cut).length;
    const logged: object[] = [];
    const schedule = scheduleGatewayRetention({
      retention: () => config.retention,
      storage,
      keyRing,
      audit,
      log: { info: (obj) => void logged.push(obj), error: (obj) => void logged.push(obj) },
      firstDelayMs: 1,
    });
    await vi.waitFor(() => expect(logged).toHaveLength(1));
    await schedule.stop();
    expect(logged[0]).toMatchObject({ retention: { vault: 0, audit: expired } });
    const last = (await bodies(storage)).at(-1)!;
    expect(last.action).toBe('retention.run');
  });
});
