import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { openAuditLog, type AuditLog } from '../../audit/index.js';
import { Redis } from 'ioredis';
import {
  API_KEY_PEPPER_PURPOSE,
  createApiKeyService,
  createApiKeyVerifier,
  createSessionStore,
  createTenantGate,
  memoryFailureCounters,
  redisFailureCounters,
  createUserService,
  createUserSetup,
} from '../../auth/index.js';
import { BulwarkError } from '../../core/index.js';
import type { BulwarkConfig } from '../../config/index.js';
import type { NamedStage } from '../../core/index.js';
import type { KeyRing } from '../../crypto/index.js';
import {
  createBudgets,
  createLimits,
  type Budgets,
  type BudgetRule,
  type LimitAlert,
  type LimitRule,
  type Limits,
} from '../../limits/index.js';
import type { Storage } from '../../storage/index.js';
import { createAlertManager } from '../../monitor/index.js';
import { registerAdminApi } from '../admin/admin-api.js';
import { adminRoutesFor } from '../admin/admin-routes.js';
import type { GatewayHandles } from '../admin/gateway-handles.js';
import type { RequestContext } from '../context.js';
import { identityStages } from './authenticate-pipeline.js';
import { swappableStages } from './swappable.js';
import { keysExistProbe, type AuthDecision } from './authenticate.js';

export interface GatewayIdentityOptions {
  config: BulwarkConfig;
  storage: Storage;
  keyRing: KeyRing;
  /** The app's logger, read lazily (the app is built after its stages). */
  log: () => Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** The gateway's audit log, shared for admin actions; absent = opened here on first admin action. */
  audit?: AuditLog;
  /** The audit hook: every authentication outcome (never the secret). */
  onDecision?: (decision: AuthDecision) => void;
}

export interface GatewayIdentity {
  stages: NamedStage<RequestContext>[];
  /**
   * Mounts `/admin/v1` (API-key authenticated, every action audited) on the app before it listens;
   * `handles` gives the console's routes the scanner, the audit log and the config file.
   */
  registerAdmin(app: FastifyInstance, config: () => BulwarkConfig, handles?: GatewayHandles): void;
  /**
   * Applies a reloaded config's `auth.mode`, `auth.clearance` and `limits` to new requests; requests
   * in flight finish on the generation they started with. Throws, changing nothing, if it cannot.
   */
  reload(config: BulwarkConfig): Promise<void>;
  close(): Promise<void>;
}

/** Requests still holding an old generation's limiter (a long stream) release their slot through it. */
const RETIRED_REDIS_GRACE_MS = 15 * 60_000;

/**
 * Redis connections for the limits, one per URL, connected before first use so a cold start does not
 * fail closed; a reload that keeps the URL keeps the connection (and its counters' continuity).
 */
function redisConnections(log: () => Pick<FastifyBaseLogger, 'warn' | 'error'>) {
  const open = new Map<string, Redis>();
  return {
    async get(url: string): Promise<Redis> {
      let redis = open.get(url);
      if (redis) return redis;
      redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      redis.on('error', (error: Error) =>
        log().warn({ code: 'LIMITS_STORE' }, `limits store: ${error.message}`),
      );
      open.set(url, redis);
      await redis.connect().catch((error: unknown) => {
        log().error({ err: error }, 'limits store unreachable at start');
      });
      return redis;
    },
    /** Retires every connection but those to `urls`, after a grace for requests still using them. */
    keepOnly(urls: readonly (string | undefined)[]): void {
      for (const [other, redis] of open) {
        if (urls.includes(other)) continue;
        open.delete(other);
        setTimeout(() => redis.disconnect(), RETIRED_REDIS_GRACE_MS).unref();
      }
    },
    closeAll(): void {
      for (const redis of open.values()) redis.disconnect();
      open.clear();
    },
  };
}

/**
 * Builds the identity stages for a running gateway from its config: the API-key verifier over the
 * shared store, the auth mode, clearance handling and the limits (over Redis when `limits.backend`
 * is redis); `reload` swaps the last three for new requests.
 */
export async function openGatewayIdentity(options: GatewayIdentityOptions): Promise<GatewayIdentity> {
  const { config, storage } = options;
  // Errors can arrive before the app (and its logger) exists: fall back to a process warning then.
  const log = (): Pick<FastifyBaseLogger, 'warn' | 'error'> => {
    try {
      return options.log();
    } catch {
      const warn = (_obj: unknown, msg?: string) => process.emitWarning(msg ?? 'limits store problem');
      return { warn, error: warn } as unknown as Pick<FastifyBaseLogger, 'warn' | 'error'>;
    }
  };
  const pepper = await options.keyRing.deriveSecret(API_KEY_PEPPER_PURPOSE);
  const tenants = createTenantGate(storage.tenants);
  const verifier = createApiKeyVerifier({ store: storage.apiKeys, users: storage.users, tenants, pepper });
  let audit: AuditLog | undefined = options.audit;
  const ownsAudit = options.audit === undefined;
  // A store outage is an incident for humans, not only a log line: it goes to the alert store
  // (deduplicated per incident, webhooks notified) like the monitor's signals.
  const alerts = createAlertManager({
    store: storage.alerts,
    webhooks: config.monitoring.alerts.webhooks,
    dedupeSeconds: config.monitoring.alerts.dedupeSeconds,
    maxPerHour: config.monitoring.alerts.maxPerHour,
  });
  const onAlert = (alert: LimitAlert) => {
    log().error({ alert: alert.kind, fallback: alert.fallback }, 'limits store unavailable');
    alerts
      .raise({
        detector: 'limits.store',
        severity: alert.fallback === 'local' ? 'medium' : 'high',
        subject: { kind: 'service', id: 'limits-store' },
        score: 0,
        summary:
          alert.fallback === 'local'
            ? 'Limits store unreachable: limits are counted per replica'
            : 'Limits store unreachable: model requests are refused',
        evidence: { fallback: alert.fallback },
        at: Date.now(),
      })
      .catch((error: unknown) => log().error({ err: error }, 'could not store the limits alert'));
  };
  const connections = redisConnections(log);
  const keysExist = keysExistProbe(() => storage.apiKeys.list());
  // Guessing budgets per source address (API keys, console logins, setup tokens): shared by every
  // replica on the limits' Redis when there is one, so N replicas do not grant N× the attempts.
  const countersUrl = config.limits.backend === 'redis' ? config.limits.redisUrl : undefined;
  const counters =
    countersUrl === undefined
      ? memoryFailureCounters
      : redisFailureCounters(await connections.get(countersUrl), `${config.limits.keyPrefix}:auth`);

  /** One generation of auth mode, clearance and limits; SIGHUP builds the next from the new config. */
  async function generation(c: BulwarkConfig): Promise<NamedStage<RequestContext>[]> {
    let limits: Limits | undefined;
    let budgets: Budgets | undefined;
    if (c.limits.rules.length > 0 || c.limits.budgets.length > 0) {
      const redis = c.limits.backend === 'redis' ? await connections.get(c.limits.redisUrl) : undefined;
      const storePolicy = { onStoreError: c.limits.onStoreError, onAlert, ...(redis ? { redis } : {}) };
      limits = createLimits({
        // exactOptionalPropertyTypes: drop the schema's explicit undefineds.
        rules: c.limits.rules.map((r) => JSON.parse(JSON.stringify(r)) as LimitRule),
        keyPrefix: `${c.limits.keyPrefix}:limits`,
        ...storePolicy,
      });
      if (c.limits.budgets.length > 0)
        budgets = createBudgets({
          rules: c.limits.budgets.map((r) => JSON.parse(JSON.stringify(r)) as BudgetRule),
          prices: c.limits.prices,
          keyPrefix: `${c.limits.keyPrefix}:budget`,
          ...storePolicy,
        });
    }
    return identityStages({
      verifier,
      counters,
      mode: c.auth.mode,
      clearance: c.auth.clearance,
      keysExist,
      ...(limits ? { limits } : {}),
      ...(budgets ? { budgets } : {}),
      ...(options.onDecision ? { onDecision: options.onDecision } : {}),
    });
  }
  const slots = swappableStages(await generation(config));
  const stages = slots.stages;
  return {
    stages,
    async reload(next) {
      slots.swap(await generation(next));
      connections.keepOnly([countersUrl, next.limits.backend === 'redis' ? next.limits.redisUrl : undefined]);
    },
    registerAdmin(app, current, handles) {
      registerAdminApi(app, {
        ...(handles ? { gateway: handles } : {}),
        storage,
        verifier,
        tenants,
        counters,
        keys: createApiKeyService(storage.apiKeys, pepper),
        setup: createUserSetup(storage.users, options.keyRing),
        apiKeys: config.auth.adminApiKeys,
        routes: adminRoutesFor(storage),
        // Console login (password + TOTP), cookie sessions and SSO state, all in the shared storage:
        // any replica serves any session, and a logout or disable on one bites on all.
        console: {
          users: createUserService(storage.users, options.keyRing, { counters }),
          sessions: createSessionStore({ store: storage.consoleSessions, keyRing: options.keyRing }),
          oneTime: { store: storage.oneTimeRecords, keyRing: options.keyRing },
        },
        config: current,
        // Admin actions are recorded in the tamper-evident log; if that fails the caller gets a 503.
        async audit(entry) {
          try {
            audit ??= await openAuditLog({ store: storage.audit, keyRing: options.keyRing });
            await audit.append({ kind: 'admin', ...entry });
          } catch (error) {
            throw new BulwarkError('AUDIT_UNAVAILABLE', { cause: error });
          }
        },
      });
    },
    async close() {
      connections.closeAll();
      if (ownsAudit) await audit?.close();
    },
  };
}
