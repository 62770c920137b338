import type { GitleaksAllow, GitleaksRule, PatternSpec } from './gitleaks-types.js';
import type { Allow, SecretRuleDefinition } from './rule.js';

/** Family entity types for gitleaks rule ids (by id prefix); other rules get their id in UPPER_SNAKE. */
const FAMILIES: readonly (readonly [prefix: string, entity: string])[] = [
  ['aws-access-token', 'AWS_ACCESS_KEY'],
  ['aws-', 'AWS_SECRET'],
  ['github-', 'GITHUB_TOKEN'],
  ['gitlab-', 'GITLAB_TOKEN'],
  ['openai-', 'OPENAI_API_KEY'],
  ['anthropic-', 'ANTHROPIC_API_KEY'],
  ['slack-webhook', 'SLACK_WEBHOOK_URL'],
  ['slack-', 'SLACK_TOKEN'],
  ['stripe-', 'STRIPE_API_KEY'],
  ['jwt', 'JWT'],
  ['generic-', 'GENERIC_SECRET'],
  ['gcp-', 'GCP_API_KEY'],
  ['azure-', 'AZURE_CLIENT_SECRET'],
  ['huggingface-', 'HUGGINGFACE_TOKEN'],
  ['cohere-', 'COHERE_API_KEY'],
  ['npm-', 'NPM_TOKEN'],
  ['pypi-', 'PYPI_TOKEN'],
  ['microsoft-teams', 'TEAMS_WEBHOOK_URL'],
  ['discord-', 'DISCORD_TOKEN'],
  ['telegram-', 'TELEGRAM_BOT_TOKEN'],
  ['twilio-', 'TWILIO_API_KEY'],
  ['sendgrid-', 'SENDGRID_API_KEY'],
  ['shopify-', 'SHOPIFY_TOKEN'],
  ['digitalocean-', 'DIGITALOCEAN_TOKEN'],
  ['alibaba-', 'ALIBABA_CREDENTIAL'],
  ['bitbucket-', 'BITBUCKET_CREDENTIAL'],
  ['square-', 'SQUARE_TOKEN'],
  ['heroku-', 'HEROKU_API_KEY'],
  ['sentry-', 'SENTRY_TOKEN'],
  ['new-relic-', 'NEW_RELIC_KEY'],
  ['mailgun-', 'MAILGUN_KEY'],
  ['vault-', 'VAULT_TOKEN'],
];

/** The entity type a gitleaks rule reports. */
export function entityFor(id: string): string {
  const family = FAMILIES.find(([prefix]) => id.startsWith(prefix));
  return family ? family[1] : id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function compile([source, flags]: PatternSpec): RegExp {
  return new RegExp(source, flags);
}

function compileAllow(a: GitleaksAllow): Allow {
  return { target: a.target, regexes: (a.regexes ?? []).map(compile), stopwords: a.stopwords ?? [] };
}

/** Turns a converted gitleaks rule into a rule definition; `patch` overrides fields by hand. */
export function fromGitleaks(
  rule: GitleaksRule,
  patch: Partial<SecretRuleDefinition> = {},
): SecretRuleDefinition {
  const base: SecretRuleDefinition = {
    id: rule.id,
    entity: entityFor(rule.id),
    description: rule.description,
    keywords: rule.keywords,
    allow: (rule.allow ?? []).map(compileAllow),
  };
  if (rule.pattern) base.pattern = compile(rule.pattern);
  if (rule.group !== undefined) base.group = rule.group;
  if (rule.name) base.name = compile(rule.name);
  if (rule.value) base.value = compile(rule.value);
  if (rule.entropy !== undefined) base.entropy = rule.entropy;
  return { ...base, ...patch };
}

/** The global allowlist in compiled form. */
export function globalAllowFrom(a: GitleaksAllow): Allow {
  return compileAllow(a);
}
