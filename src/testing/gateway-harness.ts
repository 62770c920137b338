import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { NamedStage } from '../core/index.js';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage, type Storage } from '../storage/index.js';
import type { RequestContext } from '../gateway/context.js';
import { createConversations } from '../gateway/conversations/conversations.js';
import { parseConfig, type BulwarkConfig } from '../config/index.js';
import type { Scanner } from '../detect/index.js';
import { buildGatewayApp } from '../gateway/app.js';
import { createServices } from '../gateway/services.js';
import { createTestScanner } from './test-recognizers.js';

export interface TestGatewayOptions {
  /** YAML appended after the generated upstream/model sections (policy, anonymous...). */
  extraYaml?: string;
  /** Upstreams by name: base URL and kind. */
  upstreams: Record<
    string,
    {
      url: string;
      kind?: 'openai-compatible' | 'anthropic';
      trusted?: boolean;
      allowPrivate?: boolean;
      retries?: number;
      extra?: string;
    }
  >;
  /** Models YAML body (indented two spaces), default: `'*': { upstream: <first> }`. */
  modelsYaml?: string;
  scanner?: Scanner;
  /** Replace the chat stages (e.g. a test authenticator). */
  stages?: readonly NamedStage<RequestContext>[];
  /** Enable conversations on in-memory storage with a fresh root key. */
  conversations?: boolean;
  /** Capture log lines here (logging is off otherwise). */
  logStream?: DestinationStream;
}

export interface TestGateway {
  app: FastifyInstance;
  /** The in-memory storage (conversations are sealed into it). */
  storage: Storage;
  config: BulwarkConfig;
  /** Base URL once `listen()` was called. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Builds a gateway over loopback fake upstreams with the test recognisers. */
export async function createTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const names = Object.keys(options.upstreams);
  const upstreams = Object.entries(options.upstreams)
    .map(
      ([name, u]) =>
        `  ${name}:\n    kind: ${u.kind ?? 'openai-compatible'}\n    baseUrl: ${u.url}\n    apiKey: \${TEST_UPSTREAM_KEY:-upstream-test-key}\n    allowPrivateNetwork: ${u.allowPrivate ?? true}\n    trusted: ${u.trusted ?? false}\n    retries: { max: ${u.retries ?? 1}, baseDelayMs: 5 }\n${u.extra ?? ''}`,
    )
    .join('\n');
  const yaml = `upstreams:\n${upstreams}\nmodels:\n${options.modelsYaml ?? `  '*': { upstream: ${names[0]} }`}\n${options.extraYaml ?? ''}`;
  const config = parseConfig(yaml, { env: {} });
  const storage = openMemoryStorage();
  const conversations = options.conversations
    ? createConversations({
        store: storage.conversations,
        keyRing: createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys }),
        ttlSeconds: 3600,
      })
    : undefined;
  const services = createServices({
    config,
    scanner: options.scanner ?? createTestScanner(),
    ...(conversations ? { conversations } : {}),
  });
  const app = buildGatewayApp({
    services: { current: services },
    ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
    ...(options.stages ? { stages: options.stages } : {}),
  });
  await app.ready();
  return {
    app,
    storage,
    config,
    async listen() {
      return app.listen({ host: '127.0.0.1', port: 0 });
    },
    async close() {
      await app.close();
      await services.close();
    },
  };
}
