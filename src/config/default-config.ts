import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The commented `bulwark.yaml` written on first start. Every default says why it is safe. */
export const DEFAULT_CONFIG_YAML = `# Bulwark gateway configuration. Reference: docs/configuration.md
# Values may use \${ENV_VAR} or \${ENV_VAR:-default}; keep secrets in the environment, not here.

server:
  # Loopback only: until API keys are configured (issue 5) the gateway authenticates nobody.
  host: 127.0.0.1
  port: 8080
  # 4 MiB: long chats fit; bigger bodies are a denial-of-service vector against the scanners.
  bodyLimit: 4194304
  # Deeper JSON is refused before it is scanned.
  maxJsonDepth: 64
  logLevel: info

# Embedded SQLite store and keys live here.
dataDir: ./data

# Every request runs as this anonymous principal until authentication is configured.
# Its clearance decides which tokenised originals are restored in responses.
anonymous:
  tenant: default
  clearance: confidential
  roles: []

upstreams:
  default:
    kind: openai-compatible
    # OPENAI_BASE_URL=http://127.0.0.1:11434/v1 fronts a local Ollama.
    baseUrl: \${OPENAI_BASE_URL:-https://api.openai.com/v1}
    apiKey: \${OPENAI_API_KEY:-}
    # Not trusted: content the policy routes as restricted never goes to it.
    trusted: false
    # Private and link-local addresses are refused at connect time (SSRF guard, cloud metadata
    # included); only the loopback hosts in allowedHosts below are let through.
    allowPrivateNetwork: false
    timeouts: { connectMs: 5000, firstByteMs: 60000, totalMs: 300000 }
    retries: { max: 2, baseDelayMs: 200 }
    circuitBreaker: { failureThreshold: 5, resetMs: 30000 }

# This machine itself (a local Ollama, vLLM or LM Studio named in OPENAI_BASE_URL) is allowed;
# every other host that resolves to a private address stays refused. Add on-prem hosts here.
allowedHosts: [127.0.0.1, localhost, '[::1]']

models:
  # Any model name is forwarded unchanged to the default upstream.
  '*': { upstream: default }

policy:
  input:
    # Mask PII before the provider sees it (restored in the response), redact secrets, block injection.
    categories:
      contact: tokenize
      person: tokenize
      location: tokenize
      financial: tokenize
      national_id: tokenize
      health: tokenize
      network: tokenize
      credential: redact
      secret: redact
      injection: block
      organization: allow
      date: allow
    # Unknown finding types are redacted: fail closed.
    default: redact
    minScore: 0.5
  output:
    # Secrets in model output end the response (streamed too).
    categories:
      secret: block
      credential: block
    # Markdown images/links that smuggle data to foreign hosts are cut out.
    types:
      MARKDOWN_EXFILTRATION: redact
    linkHosts: []
    default: allow
    # Held back while streaming so multi-word findings are whole before release (keys/URLs are always held whole).
    holdbackChars: 64
    # A response reproducing 70% of the system prompt is blocked as a prompt leak.
    leakThreshold: 0.7
  # A canary in the system prompt; a response that repeats it is blocked.
  canary: true
  # A guardrail error or timeout refuses the request.
  failOpen: false
  guardrailTimeoutMs: 2000
  routes: []

conversations:
  enabled: false

# How long stored data is kept; the gateway purges what expired once a day (bulwark retention run).
# 400 days of audit records: PCI DSS 10.5.1 asks for at least 12 months.
retention:
  auditDays: 400
  transcriptDays: 30
  conversationDays: 30
  alertDays: 400
`;

/** Writes the default config when `file` does not exist; returns true when it wrote one. */
export function ensureConfigFile(file: string): boolean {
  if (existsSync(file)) return false;
  mkdirSync(dirname(file), { recursive: true });
  // wx: never overwrite a file another process created in the meantime.
  writeFileSync(file, DEFAULT_CONFIG_YAML, { flag: 'wx', mode: 0o600 });
  return true;
}
