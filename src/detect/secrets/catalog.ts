import { fromGitleaks, globalAllowFrom } from './from-gitleaks.js';
import { gitleaksGlobalAllow, gitleaksRules } from './gitleaks-rules.generated.js';
import { cloudRules } from './cloud-rules.js';
import { llmRules } from './llm-rules.js';
import { paymentChatRules } from './payment-chat-rules.js';
import { saasRules } from './saas-rules.js';
import type { Allow, SecretRuleDefinition } from './rule.js';
import { structuredRules } from './structured-rules.js';
import { hasCrc32Tail, hasDigit } from './validators.js';

// gitleaks rules replaced by hand-written ones in structured-rules.ts and the *-rules.ts files: their RE2
// forms rely on unbounded `.*` across lines (curl), an unbounded key body (private-key), a two-way
// alternation that does not split into name and value (atlassian), or lack JWT header validation
// (jwt, jwt-base64, whose 20 named alternatives are replaced by decoding and validating the header),
// or are simpler to audit split up, spelled out or with markers checked in code (harness,
// sentry-org-token, microsoft-teams-webhook).
const REPLACED = new Set([
  'private-key',
  'curl-auth-header',
  'curl-auth-user',
  'atlassian-api-token',
  'jwt',
  'jwt-base64',
  'harness-api-key',
  'sentry-org-token',
  'microsoft-teams-webhook',
]);

// Hand fixes to converted rules, by id.
const PATCHES: Record<string, Partial<SecretRuleDefinition>> = {
  // Its name regex only adds case rules (`api` but not `aPi`) to the keywords: match it at the hit.
  'generic-api-key': {
    nameAtKeyword: true,
    score: 0.7,
    validate: (secret) => hasDigit(secret) && !hasProviderPrefix(secret),
  },
  'github-pat': { checksum: hasCrc32Tail, prefix: 'ghp_' },
  'github-oauth': { checksum: hasCrc32Tail, prefix: 'gho_' },
  'github-app-token': { checksum: hasCrc32Tail },
  'github-refresh-token': { checksum: hasCrc32Tail, prefix: 'ghr_' },
  'npm-access-token': { checksum: hasCrc32Tail, prefix: 'npm_' },
  'private-key': { after: 20_000 },
  '1password-service-account-token': { after: 8192 },
  'vault-batch-token': { after: 2048 },
  // gitleaks' allowlist `s\.[A-Za-z]{24}` (letters-only legacy tokens are placeholders) is
  // unanchored, so it also dropped an `hvs.` token whose first 24 characters happen to be letters.
  'vault-service-token': {
    allow: [{ target: 'secret', regexes: [/^s\.[A-Za-z]{24}$/], stopwords: [] }],
  },
  // Outranks the EMAIL finding on `password@host` in the same URL.
  'sidekiq-sensitive-url': { score: 0.97 },
};

const converted = gitleaksRules.filter((r) => !REPLACED.has(r.id)).map((r) => fromGitleaks(r, PATCHES[r.id]));

/** Every built-in secret rule: converted gitleaks rules (patched) followed by Bulwark's own. */
export const builtinSecretRules: readonly SecretRuleDefinition[] = [
  ...converted,
  ...structuredRules,
  ...cloudRules,
  ...paymentChatRules,
  ...llmRules,
  ...saasRules,
];

// Prefixes that identify a provider's token (`xoxp-`, `ops_`, `ghp_`). A value carrying one belongs to
// that provider's rule: when that rule rejected it (wrong length, bad shape), the generic rule defers.
const PROVIDER_PREFIXES = [
  ...new Set(
    builtinSecretRules
      .filter((r) => r.pattern !== undefined)
      .flatMap((r) => r.keywords)
      .filter((k) => k.length >= 3 && /[_.-]$/.test(k) && /^[a-z]/.test(k)),
  ),
];

function hasProviderPrefix(secret: string): boolean {
  const lower = secret.toLowerCase();
  return PROVIDER_PREFIXES.some((p) => lower.startsWith(p));
}

/** Allowlists applied to every rule (gitleaks' global list: template variables, paths, filler). */
export const globalSecretAllow: readonly Allow[] = [globalAllowFrom(gitleaksGlobalAllow)];
