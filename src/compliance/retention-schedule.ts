import type { AuditLog, CheckpointSigner } from '../audit/index.js';
import type { RetentionConfig } from '../config/index.js';
import { HOUR_MS } from './duration.js';
import { runRetention, type RetentionOptions, type RetentionResult } from './retention-run.js';

export interface RetentionScheduleOptions {
  /** Read at every tick, so a config reload changes the interval or turns the schedule off. */
  config: () => Pick<RetentionConfig, 'schedule'>;
  run: () => Promise<RetentionResult>;
  onResult?: (result: RetentionResult) => void;
  /** A failed run is reported here and retried at the next tick. */
  onError?: (error: unknown) => void;
  /** Until the first run (default 10 minutes: a start-up is not slowed, a short-lived process never purges). */
  firstDelayMs?: number;
}

export interface RetentionSchedule {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs retention on an unref'd timer (it never keeps the process alive), one run at a time. */
export function scheduleRetention(options: RetentionScheduleOptions): RetentionSchedule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const arm = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  function tick(): void {
    const { schedule } = options.config();
    // One run at a time: a slow purge is never overlapped by the next tick.
    if (schedule.enabled && running === undefined)
      running = options
        .run()
        .then((r) => options.onResult?.(r))
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          running = undefined;
        });
    arm(schedule.intervalHours * HOUR_MS);
  }
  arm(options.firstDelayMs ?? 10 * 60_000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export interface GatewayRetentionOptions {
  retention: () => RetentionConfig;
  storage: RetentionOptions['storage'];
  keyRing: RetentionOptions['keyRing'];
  audit: AuditLog & { signer: CheckpointSigner };
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  firstDelayMs?: number;
}

/** The gateway's scheduled purge: `runRetention` on the live config, results and failures logged. */
export function scheduleGatewayRetention(options: GatewayRetentionOptions): RetentionSchedule {
  return scheduleRetention({
    config: options.retention,
    run: () =>
      runRetention({
        retention: options.retention(),
        storage: options.storage,
        keyRing: options.keyRing,
        audit: options.audit,
        signer: options.audit.signer,
      }),
    onResult: (r) =>
      options.log.info(
        { retention: Object.fromEntries(r.classes.map((c) => [c.class, c.count])) },
        'retention run',
      ),
    onError: (err) => options.log.error({ err }, 'retention run failed'),
    ...(options.firstDelayMs === undefined ? {} : { firstDelayMs: options.firstDelayMs }),
  });
}
