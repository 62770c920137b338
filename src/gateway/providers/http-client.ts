import { Agent, type Dispatcher } from 'undici';
import type { UpstreamConfig } from '../../config/index.js';
import { guardedLookup, isPrivateHost } from '../routing/host-guard.js';
import { toUpstreamFailure, UpstreamFailure } from './upstream-failure.js';

export interface UpstreamHttpRequest {
  upstream: string;
  config: UpstreamConfig;
  /** Path relative to the base URL, e.g. '/chat/completions'. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
  /** Aborts on client disconnect. */
  signal: AbortSignal;
}

export interface UpstreamHttpResponse {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
}

/** One undici agent (connection pools) per upstream, with its timeouts and the SSRF guard. */
export class UpstreamHttpClient {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly allowedHosts: readonly string[]) {}

  private agentFor(name: string, config: UpstreamConfig): Agent {
    let agent = this.agents.get(name);
    if (!agent) {
      const host = new URL(config.baseUrl).hostname;
      const allowPrivate = config.allowPrivateNetwork || this.allowedHosts.includes(host);
      agent = new Agent({
        connect: { timeout: config.timeouts.connectMs, lookup: guardedLookup(allowPrivate) },
        headersTimeout: config.timeouts.firstByteMs,
        // Idle time between streamed chunks; a model that stalls this long is treated as failed.
        bodyTimeout: config.timeouts.firstByteMs,
        keepAliveTimeout: 30_000,
        connections: 256,
      });
      this.agents.set(name, agent);
    }
    return agent;
  }

  /** Checks a base URL against the allow-list; IP-literal hosts skip DNS so they are checked here. */
  assertHostAllowed(config: UpstreamConfig): void {
    const host = new URL(config.baseUrl).hostname;
    if (config.allowPrivateNetwork || this.allowedHosts.includes(host)) return;
    if (isPrivateHost(host)) throw new UpstreamFailure('forbidden', 'upstream host is private');
  }

  /** POSTs JSON; non-2xx responses become an `UpstreamFailure` (body discarded: it may echo content). */
  async post(request: UpstreamHttpRequest): Promise<UpstreamHttpResponse> {
    const { config } = request;
    this.assertHostAllowed(config);
    const url = new URL(config.baseUrl.replace(/\/+$/, '') + request.path);
    for (const [k, v] of Object.entries(config.query)) url.searchParams.set(k, v);
    const total = AbortSignal.timeout(config.timeouts.totalMs);
    const signal = AbortSignal.any([request.signal, total]);
    try {
      const response = await this.agentFor(request.upstream, config).request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...config.headers, ...request.headers },
        body: JSON.stringify(request.body),
        signal,
      });
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump().catch(() => undefined);
        const retryAfter = Number(response.headers['retry-after']);
        throw new UpstreamFailure('status', `upstream answered ${response.statusCode}`, {
          status: response.statusCode,
          ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
        });
      }
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      throw toUpstreamFailure(error, request.signal.aborted);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }
}
