import { z } from 'zod';
import { LEVELS } from '../core/index.js';
import { ssoSchema } from './sso-schema.js';

/** Actions a policy can take on a finding; `route` keeps content on `trusted` upstreams only. */
export const ACTIONS = ['allow', 'redact', 'tokenize', 'block', 'route'] as const;
const action = z.enum(ACTIONS);
const level = z.enum(LEVELS);
const ms = z.number().int().positive();

const timeoutsSchema = z.strictObject({
  /** TCP/TLS connect. */
  connectMs: ms.default(5_000),
  /** Until response headers arrive; covers model queueing. */
  firstByteMs: ms.default(60_000),
  /** Whole exchange, streaming included. */
  totalMs: ms.default(300_000),
});

const upstreamSchema = z.strictObject({
  kind: z.enum(['openai-compatible', 'anthropic']),
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Read from the environment through `${VAR}`; never from the client. */
  apiKey: z.string().optional(),
  /** Header carrying the key: `authorization` sends `Bearer <key>`, anything else sends the bare key. */
  authHeader: z.string().min(1).optional(),
  /** Extra headers sent upstream (e.g. Azure's api-version goes in `query`). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Query parameters appended to every upstream URL (Azure OpenAI's `api-version`). */
  query: z.record(z.string(), z.string()).default({}),
  /** Provider differences that are data, not code. */
  quirks: z
    .strictObject({
      /** Upstream rejects `stream_options` (older vLLM/Ollama builds). */
      noStreamOptions: z.boolean().default(false),
      /** Anthropic `anthropic-version` header. */
      anthropicVersion: z.string().default('2023-06-01'),
    })
    .prefault({}),
  /** May receive content the policy routes as restricted (e.g. an on-prem model). */
  trusted: z.boolean().default(false),
  timeouts: timeoutsSchema.prefault({}),
  retries: z
    .strictObject({ max: z.number().int().min(0).max(10).default(2), baseDelayMs: ms.default(200) })
    .prefault({}),
  circuitBreaker: z
    .strictObject({
      failureThreshold: z.number().int().positive().default(5),
      resetMs: ms.default(30_000),
    })
    .prefault({}),
  /** Loopback/private/link-local hosts are refused unless this is set (SSRF guard). */
  allowPrivateNetwork: z.boolean().default(false),
  /** Where the provider processes data (e.g. `eu-west-1`, `US`); the GDPR Art. 30 record lists it. */
  region: z.string().min(1).max(64).optional(),
});

const modelSchema = z.strictObject({
  upstream: z.string().min(1),
  /** Model name sent upstream; default: the alias itself. */
  model: z.string().min(1).optional(),
  /** Aliases tried in order when this one fails with 429/5xx/timeout. */
  fallbacks: z.array(z.string().min(1)).default([]),
});

const categories = z.record(z.string(), action);

const inputRulesSchema = z.strictObject({
  /** Action per entity type, e.g. EMAIL: tokenize. Wins over categories and levels. */
  types: z.record(z.string(), action).default({}),
  /** Action per entity category (contact, secret, injection, ...). */
  categories: categories.default({}),
  /** Action per classification level, e.g. restricted: route. */
  levels: z.partialRecord(level, action).default({}),
  /** Action for any other finding. */
  default: action.default('redact'),
  minScore: z.number().min(0).max(1).default(0.5),
  /**
   * Whether system/developer messages are checked for injection. Off by default: they are the
   * application's own instructions, and defensive prompts ("never reveal…") read like attacks.
   * They are still scanned for PII and secrets.
   */
  injectionInSystem: z.boolean().default(false),
});

const outputRulesSchema = z.strictObject({
  /** Links/images that carry data to foreign hosts are redacted unless configured otherwise. */
  types: z.record(z.string(), action).default({ MARKDOWN_EXFILTRATION: 'redact' }),
  categories: categories.default({}),
  levels: z.partialRecord(level, action).default({}),
  default: action.default('allow'),
  minScore: z.number().min(0).max(1).default(0.5),
  /** Characters held back while streaming so no finding is emitted half-way. */
  holdbackChars: z.number().int().min(16).max(65_536).default(64),
  /** Share of the system prompt's 4-grams a response may reproduce before it is blocked; 0 disables. */
  leakThreshold: z.number().min(0).max(1).default(0.7),
  /** Hosts links and images in responses may point to (subdomains included). */
  linkHosts: z.array(z.string().min(1)).default([]),
});

/** A route's override: the same fields, none defaulted, so unset fields inherit from the base policy. */
function overrides<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    shape[key] = inner.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<Partial<z.output<z.ZodObject<S>>>>;
}

/** Overrides of the classification levels recognisers give their entity types (src/detect/classify.ts). */
const classificationSchema = z.strictObject({
  /** Level per entity type, e.g. EMAIL: internal. Wins over categories. */
  types: z.record(z.string(), level).default({}),
  /** Level per entity category, e.g. contact: internal. */
  categories: z.record(z.string(), level).default({}),
  /** Level of a finding whose type no recogniser declares (fail closed). */
  unknown: level.default('confidential'),
});

const policyBody = {
  classification: classificationSchema.prefault({}),
  input: inputRulesSchema.prefault({}),
  output: outputRulesSchema.prefault({}),
  /** Plant a canary in system prompts and block responses that repeat it. */
  canary: z.boolean().default(true),
  /** A guardrail error or timeout lets the request through instead of refusing it. */
  failOpen: z.boolean().default(false),
  guardrailTimeoutMs: ms.default(2_000),
};

const routePolicySchema = z.strictObject({
  /** Applies when the request's model alias is listed (or `*`). */
  models: z.array(z.string().min(1)).default(['*']),
  /** Applies when the route path is listed (or `*`). */
  paths: z.array(z.string().min(1)).default(['*']),
  /** Applies only to callers of these tenants / with one of these roles / with these principal or key ids. */
  tenants: z.array(z.string().min(1)).optional(),
  roles: z.array(z.string().min(1)).optional(),
  principals: z.array(z.string().min(1)).optional(),
  input: overrides(inputRulesSchema).optional(),
  output: overrides(outputRulesSchema).optional(),
  canary: z.boolean().optional(),
  failOpen: z.boolean().optional(),
  guardrailTimeoutMs: ms.optional(),
});

const days = z.number().int().positive().max(36_500);

/** A user-defined pattern recogniser; compiled and ReDoS-checked when the config is loaded. */
const customRecognizerSchema = z.strictObject({
  /** Stable id, `custom.` + lower-case words, e.g. custom.employee-id. */
  id: z.string().regex(/^custom\.[a-z0-9][a-z0-9.-]{0,62}$/),
  /** Entity type it emits, e.g. EMPLOYEE_ID. */
  type: z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/),
  /** Category the policy's rules see (contact, person, financial, national_id, health, secret, ...). */
  category: z.string().min(1).default('national_id'),
  level: level.default('confidential'),
  /** JavaScript regular expression source; every quantifier should be bounded (`{1,64}`). */
  pattern: z.string().min(1).max(1024),
  /** `i` (ignore case) and/or `u` (Unicode). */
  flags: z
    .string()
    .regex(/^[iu]{0,2}$/)
    .default(''),
  score: z.number().min(0).max(1).default(0.8),
  /** Words near a match that raise (+0.3) or lower (-0.3) its score; `requireContext` keeps only raised ones. */
  context: z
    .strictObject({
      positive: z.array(z.string().min(1)).default([]),
      negative: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  requireContext: z.boolean().default(false),
  /** The recogniser runs only on texts containing one of these (lower case). */
  keywords: z.array(z.string().min(1)).optional(),
});

/** Which recognisers run, their options, and user-defined patterns (docs/configuration.md). */
const detectSchema = z.strictObject({
  /** Built-in recogniser ids to turn off, e.g. ner.tagger for pattern-only scanning. */
  disabled: z.array(z.string().min(1)).default([]),
  /** Opt-in recogniser ids to turn on, e.g. injection.remote. */
  enabled: z.array(z.string().min(1)).default([]),
  /** Options per recogniser id, validated by that recogniser's schema. */
  options: z.record(z.string(), z.unknown()).default({}),
  custom: z.array(customRecognizerSchema).max(256).default([]),
});

/** How long each class of stored data is kept; `bulwark retention run` and the gateway's timer purge the rest. */
const retentionSchema = z.strictObject({
  /** Audit records (and transcripts inside them). PCI DSS 10.5.1 asks for at least 12 months. */
  auditDays: days.default(400),
  /** Encrypted transcripts in audit records: their daily data keys are destroyed (crypto-shredding). */
  transcriptDays: days.default(30),
  /** Server-side conversations, counted from their last update (expired ones always go). */
  conversationDays: days.default(30),
  /** Token-vault entries; today the vault lives only in memory for one request, so nothing is at rest. */
  vaultDays: days.default(1),
  /** Acknowledged and resolved alerts, from when last seen; open alerts are kept until handled. */
  alertDays: days.default(400),
  schedule: z
    .strictObject({
      /** The gateway purges on a timer; off: only `bulwark retention run` purges. */
      enabled: z.boolean().default(true),
      intervalHours: z
        .number()
        .positive()
        .max(24 * 31)
        .default(24),
    })
    .prefault({}),
});

/** Inputs to access reviews, compliance evidence and the GDPR Art. 30 record (src/compliance). */
const complianceSchema = z.strictObject({
  /** An API key older than this is flagged for rotation. */
  keyRotationDays: days.default(90),
  /** An API key unused this long is flagged. */
  unusedKeyDays: days.default(30),
  /** Access reviews are due this often (quarterly). */
  reviewIntervalDays: days.default(90),
  /** The latest red-team run's report.json (`bulwark redteam --out DIR`), for evidence. */
  redteamReport: z.string().min(1).optional(),
  /** A red-team run older than this no longer counts as regular testing. */
  redteamMaxAgeDays: days.default(90),
  /** Restricted-data requests below this never flag a principal as an outlier, whatever its peers do. */
  restrictedOutlierMin: z.number().int().positive().default(10),
  processing: z
    .strictObject({
      controller: z.string().min(1).max(256).optional(),
      /** The controller's or DPO's published contact. */
      contact: z.string().min(1).max(256).optional(),
      purposes: z
        .array(z.string().min(1).max(256))
        .default(['Answering users through large language models, with personal data masked']),
      dataSubjects: z
        .array(z.string().min(1).max(256))
        .default(['Users of the applications behind the gateway']),
    })
    .prefault({}),
});

export const configSchema = z
  .strictObject({
    server: z
      .strictObject({
        /** Loopback by default: until API keys are configured the gateway authenticates nobody. */
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(8080),
        /** 4 MiB: long chats fit; a larger body is a DoS vector against the scanners. */
        bodyLimit: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        /** JSON nesting deeper than this is refused before scanning (stack/CPU exhaustion). */
        maxJsonDepth: z.number().int().min(4).max(1_000).default(64),
        logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .prefault({}),
    dataDir: z.string().min(1).default('./data'),
    /** The principal every request gets until authentication (issue 5) is configured. */
    anonymous: z
      .strictObject({
        tenant: z.string().min(1).default('default'),
        clearance: level.default('internal'),
        roles: z.array(z.string()).default([]),
      })
      .prefault({}),
    /** API-key authentication. `auto`: anonymous until the first key is issued, then required. */
    auth: z
      .strictObject({
        mode: z.enum(['auto', 'required', 'anonymous']).default('auto'),
        /** Input classified above the caller's clearance that policy would forward: redact or refuse. */
        clearance: z.enum(['redact', 'block']).default('redact'),
        /**
         * Accept API keys on `/admin/v1`. Off: only console sessions (password + TOTP) administer,
         * so no route skips MFA; on for automation that holds admin keys.
         */
        adminApiKeys: z.boolean().default(false),
      })
      .prefault({}),
    /** Request, token and concurrency limits (docs/configuration.md). */
    limits: z
      .strictObject({
        /** `redis`: every replica shares one counter set (a global limit). */
        backend: z.enum(['memory', 'redis']).default('memory'),
        redisUrl: z.string().min(1).default('redis://127.0.0.1:6379'),
        /** Namespaces the counters, so deployments sharing one Redis do not count against each other. */
        keyPrefix: z.string().min(1).max(64).default('bulwark'),
        /** Redis unreachable: refuse requests (default) or count per process. */
        onStoreError: z.enum(['fail-closed', 'local']).default('fail-closed'),
        rules: z
          .array(
            z.strictObject({
              scope: z.enum(['key', 'user', 'tenant', 'ip']),
              windowSeconds: z.number().int().positive(),
              requests: z.number().int().positive().optional(),
              tokens: z.number().int().positive().optional(),
              concurrent: z.number().int().positive().optional(),
              onExceed: z.enum(['reject', 'throttle']).default('reject'),
              maxDelayMs: z.number().int().min(0).max(60_000).default(0),
            }),
          )
          .default([]),
        /** Model alias (or `*`) → price per million tokens, in the budgets' currency. */
        prices: z
          .record(
            z.string().min(1),
            z.strictObject({ prompt: z.number().min(0), completion: z.number().min(0) }),
          )
          .default({}),
        /** Spending caps per scope for the UTC calendar day / month. */
        budgets: z
          .array(
            z.strictObject({
              scope: z.enum(['key', 'user', 'tenant', 'ip']),
              daily: z.number().positive().optional(),
              monthly: z.number().positive().optional(),
            }),
          )
          .default([]),
      })
      .prefault({}),
    upstreams: z.record(z.string().min(1), upstreamSchema).refine((u) => Object.keys(u).length > 0, {
      message: 'at least one upstream is required',
    }),
    /** Alias → upstream model. The alias `*` forwards any other model name unchanged. */
    models: z.record(z.string().min(1), modelSchema),
    /** Extra hosts allowed even though they resolve to private addresses (e.g. an on-prem vLLM). */
    allowedHosts: z.array(z.string().min(1)).default([]),
    policy: z.strictObject({ ...policyBody, routes: z.array(routePolicySchema).default([]) }).prefault({}),
    /** The admin console at `/console` (docs/console.md). */
    console: z
      .strictObject({
        /** Where the Reports page lists CLI reports from; default `<dataDir>/reports`. */
        reportsDir: z.string().min(1).optional(),
        /** OIDC single sign-on for console users (src/config/sso-schema.ts). */
        sso: ssoSchema.prefault({}),
      })
      .prefault({}),
    /** Where state lives: empty = SQLite in `dataDir`; or `postgres://…`, `sqlite:/path`, `memory:`. */
    storage: z.strictObject({ url: z.string().optional() }).prefault({}),
    audit: z
      .strictObject({
        /**
         * durable: a response is sent only after its audit record is committed (default).
         * async: records are queued in a bounded buffer; faster, but a crash loses what is queued.
         */
        mode: z.enum(['durable', 'async']).default('durable'),
        /** Signed checkpoint every N records or T ms, whichever comes first. */
        checkpointEvery: z.number().int().positive().default(1000),
        checkpointIntervalMs: ms.default(60_000),
      })
      .prefault({}),
    conversations: z
      .strictObject({
        enabled: z.boolean().default(false),
        ttlSeconds: ms.default(86_400),
        /** Oldest turns are dropped beyond this many messages. */
        maxMessages: z.number().int().min(2).max(10_000).default(500),
      })
      .prefault({}),
    detect: detectSchema.prefault({}),
    /** Retention per data class (docs/configuration.md, src/compliance/README.md). */
    retention: retentionSchema.prefault({}),
    compliance: complianceSchema.prefault({}),
    /** Metrics, behavioural monitoring and alerts (docs/configuration.md, src/monitor/README.md). */
    monitoring: z
      .strictObject({
        metrics: z
          .strictObject({
            enabled: z.boolean().default(true),
            /** When set, `GET /metrics` requires `Authorization: Bearer <token>` (compared in constant time). */
            bearerToken: z.string().min(16).optional(),
          })
          .prefault({}),
        /** OpenTelemetry traces (GenAI semantic conventions) exported over OTLP/HTTP. */
        tracing: z
          .strictObject({
            enabled: z.boolean().default(false),
            otlpUrl: z.url().default('http://127.0.0.1:4318/v1/traces'),
            /** Sent with every export (e.g. a collector token via `${ENV}`). */
            headers: z.record(z.string(), z.string()).default({}),
            serviceName: z.string().min(1).default('bulwark'),
            sampleRatio: z.number().min(0).max(1).default(1),
            /** Off: spans carry counts and labels only. On: the messages as forwarded (after redaction). */
            captureContent: z.boolean().default(false),
          })
          .prefault({}),
        behaviour: z
          .strictObject({
            enabled: z.boolean().default(true),
            /** Options per detector id (validated by each detector's schema at start-up); `false` disables one. */
            detectors: z.record(z.string(), z.unknown()).default({}),
            /** Actions per severity: record, alert, throttle, suspend. */
            actions: z.record(z.string(), z.array(z.string())).default({}),
            sessionRisk: z.record(z.string(), z.unknown()).default({}),
            throttleSeconds: z.number().int().positive().default(300),
            /**
             * `redis`: replicas share their monitor events over `limits.redisUrl` (under
             * `limits.keyPrefix`), so N replicas detect as one. `memory`: each sees its own traffic.
             */
            backend: z.enum(['memory', 'redis']).default('memory'),
            shared: z
              .strictObject({
                /** Copies of one signal from several replicas within this window are acted on once. */
                claimSeconds: z.number().int().positive().default(60),
                /** A peer's event stamped further than this from the local clock gets the local time. */
                maxSkewSeconds: z.number().int().positive().default(30),
                /** Events waiting for Redis; past it the oldest are dropped (bounded memory). */
                maxQueue: z.number().int().min(10).max(1_000_000).default(5000),
              })
              .prefault({}),
          })
          .prefault({}),
        alerts: z
          .strictObject({
            /** One open alert per detector and subject within this window (later signals add to it). */
            dedupeSeconds: z.number().int().positive().default(3600),
            /** New alerts per hour beyond which signals are only recorded (an alert storm is one incident). */
            maxPerHour: z.number().int().positive().default(60),
            webhooks: z
              .array(
                z.strictObject({
                  url: z.url(),
                  format: z.enum(['json', 'slack']).default('json'),
                  /** HMAC-SHA256 key for the `x-bulwark-signature` header (json format). Use `${ENV}`. */
                  secret: z.string().min(16).optional(),
                  minSeverity: z.enum(['info', 'low', 'medium', 'high', 'critical']).default('medium'),
                  timeoutMs: z.number().int().positive().default(5000),
                  retries: z.number().int().min(0).max(10).default(3),
                }),
              )
              .default([]),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const [alias, model] of Object.entries(config.models)) {
      if (!(model.upstream in config.upstreams))
        ctx.addIssue({
          code: 'custom',
          path: ['models', alias, 'upstream'],
          message: 'names no configured upstream',
        });
      model.fallbacks.forEach((fallback, i) => {
        if (!(fallback in config.models))
          ctx.addIssue({
            code: 'custom',
            path: ['models', alias, 'fallbacks', i],
            message: 'names no configured model alias',
          });
      });
    }
  });

/** The validated, frozen configuration. */
export type BulwarkConfig = z.infer<typeof configSchema>;
export type UpstreamConfig = BulwarkConfig['upstreams'][string];
export type ModelConfig = BulwarkConfig['models'][string];
export type PolicyConfig = BulwarkConfig['policy'];
export type InputRules = PolicyConfig['input'];
export type OutputRules = PolicyConfig['output'];
export type RoutePolicyConfig = PolicyConfig['routes'][number];
export type RetentionConfig = BulwarkConfig['retention'];
export type DetectConfig = BulwarkConfig['detect'];
export type CustomRecognizerConfig = DetectConfig['custom'][number];
export type ComplianceConfig = BulwarkConfig['compliance'];
