import type { BulwarkConfig } from '../config/index.js';
import { PERSONAL_CATEGORIES } from './checks-data.js';
import { esc, page, table } from './html.js';

/** GDPR Art. 30(1) record of processing activities, as generated from the configuration. */
export interface ProcessingRecord {
  format: 'bulwark-processing-record/v1';
  generatedAt: string;
  controller: { name: string; contact: string };
  purposes: string[];
  dataSubjects: string[];
  /** Art. 30(1)(c): personal data the gateway handles, and what a provider receives of each. */
  dataCategories: { category: string; action: string; providerReceives: string }[];
  /** Art. 30(1)(d)(e): the upstream providers, where they process, and what they may receive. */
  recipients: { name: string; host: string; kind: string; region: string; receives: string }[];
  /** Art. 30(1)(f): how long each class is kept. */
  retention: { class: string; days: number }[];
  /** Art. 30(1)(g): technical measures in force. */
  safeguards: string[];
}

const RECEIVES: Record<string, string> = {
  allow: 'the original value',
  redact: 'a type label ([TYPE]) instead of the value',
  tokenize: 'a placeholder; the original is restored in the answer only for cleared principals',
  route: 'the value, but only when the upstream is marked trusted',
  block: 'nothing: the request is refused',
};

const NOT_SET = 'not configured (compliance.processing)';

/** Builds the record from the configuration alone; nothing is read from the stores. */
export function buildProcessingRecord(config: BulwarkConfig, now: Date = new Date()): ProcessingRecord {
  const p = config.compliance.processing;
  const input = config.policy.input;
  const r = config.retention;
  return {
    format: 'bulwark-processing-record/v1',
    generatedAt: now.toISOString(),
    controller: { name: p.controller ?? NOT_SET, contact: p.contact ?? NOT_SET },
    purposes: [...p.purposes],
    dataSubjects: [...p.dataSubjects],
    dataCategories: PERSONAL_CATEGORIES.map((category) => {
      const action = input.categories[category] ?? input.default;
      return { category, action, providerReceives: RECEIVES[action] ?? action };
    }),
    recipients: Object.entries(config.upstreams).map(([name, u]) => ({
      name,
      host: new URL(u.baseUrl).host,
      kind: u.kind,
      region: u.region ?? 'not configured (upstreams.<name>.region)',
      receives: u.trusted
        ? 'masked prompts, plus content the policy routes to trusted upstreams'
        : 'masked prompts only (routed content never goes here)',
    })),
    retention: [
      { class: 'audit records (digests and metadata, no content)', days: r.auditDays },
      { class: 'transcripts (encrypted, per-day keys)', days: r.transcriptDays },
      { class: 'conversations (encrypted per data subject)', days: r.conversationDays },
      { class: 'token-vault entries (request-scoped, not at rest)', days: r.vaultDays },
      { class: 'alerts', days: r.alertDays },
    ],
    safeguards: [
      'personal data masked or tokenised before it reaches a provider (policy.input)',
      'secrets and credentials blocked in model output (policy.output)',
      'stored conversations, transcripts and MFA secrets encrypted with AES-256-GCM data keys under a root key',
      'tamper-evident audit log: hash chain, Merkle tree, Ed25519-signed checkpoints; prompts kept only as keyed digests',
      `authentication: auth.mode ${config.auth.mode}; console users need password and TOTP`,
      'role-based access, clearance levels and per-key scopes; quarterly access reviews',
      'erasure by deletion and crypto-shredding (bulwark erase); retention purges (bulwark retention run)',
    ],
  };
}

/** The record as a self-contained HTML page. */
export function processingRecordHtml(r: ProcessingRecord): string {
  const list = (items: readonly string[]) => `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
  return page(
    'Record of processing activities (GDPR Art. 30)',
    `<h1>Record of processing activities (GDPR Art. 30)</h1>
<p class="muted">Generated ${esc(r.generatedAt)} from the Bulwark configuration.</p>
<h2>Controller</h2><p>${esc(r.controller.name)}<br>${esc(r.controller.contact)}</p>
<h2>Purposes</h2>${list(r.purposes)}
<h2>Data subjects</h2>${list(r.dataSubjects)}
<h2>Categories of personal data</h2>${table(
      ['category', 'policy action', 'what a provider receives'],
      r.dataCategories.map((c) => [c.category, c.action, c.providerReceives]),
    )}
<h2>Recipients</h2>${table(
      ['upstream', 'host', 'kind', 'region', 'receives'],
      r.recipients.map((x) => [x.name, x.host, x.kind, x.region, x.receives]),
    )}
<h2>Retention</h2>${table(
      ['data', 'days'],
      r.retention.map((x) => [x.class, x.days]),
    )}
<h2>Technical and organisational measures</h2>${list(r.safeguards)}`,
  );
}
