import type { FastifyBaseLogger as Logger } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import type { BulwarkConfig } from '../config/index.js';
import type { Decision, Principal } from '../core/index.js';
import type { Scanner } from '../detect/index.js';
import type { EffectivePolicy, FindingAction } from '../policy/index.js';
import type { ChatRequest, ChatResult, EmbeddingsRequest } from './chat/openai-types.js';
import type { Conversations } from './conversations/conversations.js';
import type { TextSlot } from './chat/text-slots.js';
import type { TokenVault } from './guard/token-vault.js';
import type { UpstreamHttpClient } from './providers/http-client.js';
import type { Provider } from './providers/provider.js';
import type { CircuitBreaker } from './routing/circuit-breaker.js';
import type { Candidate } from './routing/model-router.js';

/** Long-lived collaborators shared by every request; replaced as a whole on config reload. */
export interface GatewayServices {
  readonly config: BulwarkConfig;
  readonly scanner: Scanner;
  readonly http: UpstreamHttpClient;
  /** Present when `conversations.enabled`: sealed server-side history for `conversation_id`. */
  readonly conversations?: Conversations | undefined;
  /** The tamper-evident log; every request is recorded before it is answered. Absent only in unit tests. */
  readonly audit?: AuditLog | undefined;
  providerFor(candidate: Candidate): Provider;
  breakerFor(upstream: string): CircuitBreaker;
}

/** Which client-facing API the request came in on. */
export type RouteKind = 'chat' | 'messages' | 'embeddings' | 'models';

/**
 * An embeddings call on its way through the pipeline. Its inputs travel as `request.messages` (one
 * user message each, token arrays decoded) so identity, limits, scanning and transforms treat them
 * like any prompt; `forwardEmbeddings` puts them back into `body.input`.
 */
export interface EmbeddingsCall {
  readonly body: EmbeddingsRequest;
  /** Decoded text of each input that arrived as token ids (undefined for text inputs). */
  readonly decoded: readonly (string | undefined)[];
  /** The upstream's answer. */
  response?: unknown;
}

/** Findings for one text slot of the input. */
export interface SlotScan {
  slot: TextSlot;
  actions: FindingAction[];
}

/**
 * The one typed context every pipeline stage reads and writes. Fields are filled in stage order;
 * each stage documents (docs/pipeline.md) what it reads and writes.
 */
export interface RequestContext {
  readonly id: string;
  readonly route: RouteKind;
  /** The HTTP path, for per-route policy. */
  readonly path: string;
  readonly log: Logger;
  /** Aborts when the client disconnects; every upstream call listens to it. */
  readonly signal: AbortSignal;
  readonly services: GatewayServices;
  /** The normalised (OpenAI-shaped) request; transforms rewrite it in place. */
  readonly request: ChatRequest;
  /** Request headers (lower-case), for the authenticate stage. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The client's address (Fastify's `request.ip`), for per-address limits. */
  readonly clientIp?: string;
  readonly vault: TokenVault;
  principal?: Principal;
  policy?: EffectivePolicy;
  candidates?: Candidate[];
  inputScans?: SlotScan[];
  inputDecision?: Decision;
  /** The canary token planted in the system prompt. */
  canary?: string;
  /** The system prompt as forwarded (before the canary), for output leak similarity. */
  systemPrompt?: string | undefined;
  /** The upstream that answered. */
  served?: Candidate;
  result?: ChatResult;
  /** Set on the embeddings route only. */
  embeddings?: EmbeddingsCall;
}
