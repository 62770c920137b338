import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { ensureConfigFile, loadConfig, type BulwarkConfig } from '../config/index.js';
import { createConfiguredScanner, type Scanner } from '../detect/index.js';
import { openAuditLog } from '../audit/index.js';
import { createUserSetup, firstAdminInvitation } from '../auth/index.js';
import { scheduleGatewayRetention } from '../compliance/index.js';
import { buildGatewayApp, type ServicesRef } from './app.js';
import { configChecks } from './config-checks.js';
import type { GatewayHandles } from './admin/gateway-handles.js';
import { defaultConsoleDir, registerConsole } from './console/serve-console.js';
import { createConversations } from './conversations/conversations.js';
import { openRuntime } from './runtime.js';
import { createServices, type ClosableServices } from './services.js';
import { openGatewayIdentity } from './stages/authenticate-setup.js';
import { openRedisReplicaBus, type ReplicaBus } from '../storage/index.js';

export interface StartGatewayOptions {
  /** Config file; written with safe defaults when missing. Default `./bulwark.yaml`. */
  configFile?: string;
  /** Overrides `server.port`. */
  port?: number;
  /** Overrides `dataDir`. */
  dataDir?: string;
  /** Test seam: a scanner instead of the built-in recognisers. */
  scanner?: Scanner;
  /** The built admin console; default the package's `dist/console`. */
  consoleDir?: string;
  logger?: boolean;
  /** Where log lines go (default stdout); tests capture them to prove nothing secret is logged. */
  logStream?: DestinationStream;
}

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  configFile: string;
  /** True when this start wrote the default config. */
  createdConfig: boolean;
  /**
   * No admin can sign in yet: the one-time link this start issued for the first admin (print it to
   * the operator's terminal, never to a log), or `pending` when an earlier link is still out.
   */
  firstAdmin?: { username: string; setupUrl: string; expiresAt: string } | 'pending';
  config(): BulwarkConfig;
  /** Re-reads the config file; in-flight requests finish on the old services. Throws on a bad file (old config stays). */
  reload(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes upstream pools. */
  close(graceMs?: number): Promise<void>;
}

function applyOverrides(config: BulwarkConfig, options: StartGatewayOptions): BulwarkConfig {
  if (options.port === undefined && options.dataDir === undefined) return config;
  return Object.freeze({
    ...config,
    server: Object.freeze({
      ...config.server,
      ...(options.port === undefined ? {} : { port: options.port }),
    }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  });
}

/**
 * Storage, key ring and audit log. The root key comes from BULWARK_ROOT_KEY, else
 * `<dataDir>/root.key` (created 0600 on first start; keep it off backups of the data).
 */
async function openState(config: BulwarkConfig) {
  const runtime = await openRuntime({
    dataDir: resolve(config.dataDir),
    ...(config.storage.url ? { storageUrl: config.storage.url } : {}),
  });
  const { storage, keyRing } = runtime;
  const audit = await openAuditLog({
    store: storage.audit,
    keyRing,
    mode: config.audit.mode,
    checkpointEvery: config.audit.checkpointEvery,
    checkpointIntervalMs: config.audit.checkpointIntervalMs,
  });
  return {
    storage,
    keyRing,
    audit,
    conversations: (c: BulwarkConfig) =>
      createConversations({
        store: storage.conversations,
        keyRing,
        ttlSeconds: c.conversations.ttlSeconds,
        maxMessages: c.conversations.maxMessages,
      }),
    async close() {
      await audit.close();
      await runtime.close();
    },
  };
}

/** Loads the config (writing a default one on first start), builds the app and listens. */
export async function startGateway(options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const configFile = resolve(options.configFile ?? 'bulwark.yaml');
  const createdConfig = ensureConfigFile(configFile);
  const load = (): BulwarkConfig => applyOverrides(loadConfig(configFile, { check: configChecks }), options);
  let config = load();
  mkdirSync(resolve(config.dataDir), { recursive: true, mode: 0o700 });
  // Recogniser set-up (models, pattern compilation) is the slow part of a start: rebuilt on reload
  // only when the `detect` section changed.
  let scanner = options.scanner ?? createConfiguredScanner(config.detect);
  let scannerFor = JSON.stringify(config.detect);
  const state = await openState(config);
  const make = (c: BulwarkConfig): ClosableServices =>
    createServices({
      config: c,
      scanner,
      audit: state.audit,
      ...(c.conversations.enabled ? { conversations: state.conversations(c) } : {}),
    });
  let owned: ClosableServices = make(config);
  const ref: ServicesRef = { current: owned };
  // API keys, authorisation and limits (issue 5); auth mode, clearance and limits follow reloads.
  const identity = await openGatewayIdentity({
    config,
    storage: state.storage,
    keyRing: state.keyRing,
    audit: state.audit,
    log: () => app.log,
  });
  // Replicas share monitor events over the deployment's one Redis (the limits' URL and prefix).
  const replicaBus: ReplicaBus | undefined =
    config.monitoring.behaviour.backend === 'redis'
      ? await openRedisReplicaBus({
          url: config.limits.redisUrl,
          prefix: config.limits.keyPrefix,
          topic: 'monitor',
        })
      : undefined;
  const app = buildGatewayApp({
    services: ref,
    alertStore: state.storage.alerts,
    apiKeyStore: state.storage.apiKeys,
    ...(replicaBus ? { replicaBus } : {}),
    ...(identity ? { stages: identity.stages } : {}),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  // The console's admin routes see the live scanner, the audit log, and the file + reload SIGHUP uses.
  const handles: GatewayHandles = {
    get scanner() {
      return ref.current.scanner;
    },
    audit: state.audit,
    configFile,
    reload: () => running.reload(),
  };
  identity?.registerAdmin(app, () => config, handles);
  registerConsole(app, { dir: options.consoleDir ?? defaultConsoleDir() });
  const url = await app.listen({ host: config.server.host, port: config.server.port });
  // Purges expired data on an unref'd timer (retention.schedule), with the live config after reloads.
  const retention = scheduleGatewayRetention({
    retention: () => config.retention,
    storage: state.storage,
    keyRing: state.keyRing,
    audit: state.audit,
    log: app.log,
  });
  const invitation = await firstAdminInvitation(
    state.storage.users,
    createUserSetup(state.storage.users, state.keyRing),
    { reissue: false },
  );
  let closing: Promise<void> | undefined;

  const running: RunningGateway = {
    app,
    url,
    configFile,
    createdConfig,
    ...(invitation === 'pending'
      ? { firstAdmin: 'pending' as const }
      : invitation
        ? {
            firstAdmin: {
              username: invitation.user.username,
              // The token rides in the fragment, which browsers never send to a server or its logs.
              setupUrl: `${url}/console/#/setup?token=${invitation.token}`,
              expiresAt: invitation.expiresAt,
            },
          }
        : {}),
    config: () => config,
    async reload() {
      const next = load();
      if (next.server.host !== config.server.host || next.server.port !== config.server.port)
        app.log.warn('server.host/port changes take effect on restart');
      // First, since it can fail (a Redis URL that does not parse): nothing has changed yet then.
      await identity?.reload(next);
      if (!options.scanner && JSON.stringify(next.detect) !== scannerFor) {
        scanner = createConfiguredScanner(next.detect);
        scannerFor = JSON.stringify(next.detect);
      }
      const previous = owned;
      owned = make(next);
      ref.current = owned;
      config = next;
      // undici's close waits for requests still using the old pools, so nothing in flight is dropped.
      void previous
        .close()
        .catch((error: unknown) => app.log.error({ err: error }, 'closing old upstream pools failed'));
      app.log.info('configuration reloaded');
    },
    close(graceMs = 30_000) {
      // Idempotent: SIGTERM and a caller may both ask; the stores must be closed exactly once.
      closing ??= (async () => {
        const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
        timer.unref();
        try {
          await app.close();
        } finally {
          clearTimeout(timer);
          await owned.close();
          await retention.stop();
          await identity?.close();
          await replicaBus?.close();
          await state.close();
        }
      })();
      return closing;
    },
  };
  return running;
}
