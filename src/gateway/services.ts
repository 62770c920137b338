import type { AuditLog } from '../audit/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Scanner } from '../detect/engine.js';
import type { GatewayServices } from './context.js';
import type { Conversations } from './conversations/conversations.js';
import { anthropicProvider } from './providers/anthropic.js';
import { UpstreamHttpClient } from './providers/http-client.js';
import { openAiCompatible } from './providers/openai-compatible.js';
import type { Provider } from './providers/provider.js';
import { CircuitBreaker } from './routing/circuit-breaker.js';

export interface ServicesOptions {
  config: BulwarkConfig;
  /** Built once per config generation by the caller (`server.ts` uses the built-in registry). */
  scanner: Scanner;
  /** Sealed conversation state; absent when conversations are disabled. */
  conversations?: Conversations;
  audit?: AuditLog;
}

/** Providers are chosen by the upstream's `kind`; the gateway never branches on a vendor's name. */
const PROVIDERS: Record<BulwarkConfig['upstreams'][string]['kind'], Provider> = {
  'openai-compatible': openAiCompatible,
  anthropic: anthropicProvider,
};

/** Services plus the pools they own. */
export type ClosableServices = GatewayServices & { close(): Promise<void> };

/** Builds the long-lived collaborators for one config generation. */
export function createServices(options: ServicesOptions): ClosableServices {
  const { config } = options;
  const { scanner } = options;
  const http = new UpstreamHttpClient(config.allowedHosts);
  const breakers = new Map<string, CircuitBreaker>();
  return {
    config,
    scanner,
    http,
    conversations: options.conversations,
    audit: options.audit,
    providerFor: (candidate) => PROVIDERS[candidate.config.kind],
    breakerFor(upstream) {
      let breaker = breakers.get(upstream);
      if (!breaker) {
        const settings = config.upstreams[upstream]?.circuitBreaker ?? {
          failureThreshold: 5,
          resetMs: 30_000,
        };
        breakers.set(upstream, (breaker = new CircuitBreaker(settings)));
      }
      return breaker;
    },
    close: () => http.close(),
  };
}
