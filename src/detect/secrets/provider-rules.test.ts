import { describe, expect, it } from 'vitest';
import { ALNUM, DIGITS, githubToken, HEX, LOWER, rand, scanner, UPPER } from './test-secrets.js';

// [label, entity, generated secret, text around it]; the finding's span must be exactly the secret.
const CASES: readonly (readonly [string, string, () => string, (s: string) => string])[] = [
  [
    'AWS access key id',
    'AWS_ACCESS_KEY',
    () => 'AKIA' + rand(UPPER + '234567', 16),
    (s) => `aws_access_key_id = ${s}`,
  ],
  ['AWS secret key', 'AWS_SECRET_KEY', () => rand(ALNUM + '/+', 40), (s) => `aws_secret_access_key = "${s}"`],
  ['GCP API key', 'GCP_API_KEY', () => 'AIza' + rand(ALNUM + '_-', 35), (s) => `key: ${s}`],
  [
    'Azure AD client secret',
    'AZURE_CLIENT_SECRET',
    () => rand(ALNUM, 3) + '8Q~' + rand(ALNUM + '_.', 34),
    (s) => `client_secret=${s}`,
  ],
  ['DigitalOcean PAT', 'DIGITALOCEAN_TOKEN', () => 'dop_v1_' + rand(HEX, 64), (s) => `DO_TOKEN=${s}`],
  ['Alibaba key id', 'ALIBABA_CREDENTIAL', () => 'LTAI' + rand(LOWER + DIGITS, 20), (s) => `id: ${s}`],
  ['GitHub PAT', 'GITHUB_TOKEN', () => githubToken('ghp_'), (s) => `export GH_TOKEN=${s}`],
  ['GitHub OAuth', 'GITHUB_TOKEN', () => githubToken('gho_'), (s) => `token ${s}`],
  ['GitHub app', 'GITHUB_TOKEN', () => githubToken('ghs_'), (s) => `x-access-token:${s} `],
  ['GitHub fine-grained', 'GITHUB_TOKEN', () => 'github_pat_' + rand(ALNUM + '_', 82), (s) => `"${s}"`],
  ['GitLab PAT', 'GITLAB_TOKEN', () => 'glpat-' + rand(ALNUM, 20), (s) => `PRIVATE-TOKEN: ${s}`],
  ['GitLab runner', 'GITLAB_TOKEN', () => 'glrt-' + rand(ALNUM, 20), (s) => `token = "${s}"`],
  ['Bitbucket app password', 'BITBUCKET_CREDENTIAL', () => 'ATBB' + rand(ALNUM, 28), (s) => `pw ${s}`],
  ['Stripe live key', 'STRIPE_API_KEY', () => 'sk_live_' + rand(ALNUM, 24), (s) => `Stripe.api_key = '${s}'`],
  ['Stripe webhook secret', 'STRIPE_WEBHOOK_SECRET', () => 'whsec_' + rand(ALNUM, 32), (s) => `${s}`],
  ['Square token', 'SQUARE_TOKEN', () => 'sq0atp-' + rand(ALNUM, 22), (s) => `SQUARE=${s}`],
  [
    'Braintree token',
    'BRAINTREE_TOKEN',
    () => `access_token$production$${rand(LOWER + DIGITS, 16)}$${rand(HEX, 32)}`,
    (s) => `bt ${s}`,
  ],
  [
    'Slack bot token',
    'SLACK_TOKEN',
    () => `xoxb-${rand(DIGITS, 11)}-${rand(DIGITS, 12)}-${rand(ALNUM, 24)}`,
    (s) => `SLACK=${s}`,
  ],
  [
    'Slack webhook',
    'SLACK_WEBHOOK_URL',
    () => `https://hooks.slack.com/services/T${rand(UPPER, 8)}/B${rand(UPPER, 8)}/${rand(ALNUM, 24)}`,
    (s) => `url: ${s}`,
  ],
  [
    'Discord webhook',
    'DISCORD_WEBHOOK_URL',
    () => `discord.com/api/webhooks/${rand(DIGITS, 18)}/${rand(ALNUM + '_-', 68)}`,
    (s) => `https://${s}`,
  ],
  [
    'Teams webhook',
    'TEAMS_WEBHOOK_URL',
    () => {
      const id = (): string => [8, 4, 4, 4, 12].map((n) => rand(HEX, n)).join('-');
      return `webhook.office.com/webhookb2/${id()}@${id()}/IncomingWebhook/${rand(HEX, 32)}/${id()}`;
    },
    (s) => `https://contoso.${s}`,
  ],
  [
    'Telegram bot token',
    'TELEGRAM_BOT_TOKEN',
    () => `${rand(DIGITS, 10)}:AA${rand(ALNUM + '_-', 33)}`,
    (s) => `bot${'\u0020'}${s}`,
  ],
  [
    'OpenAI project key',
    'OPENAI_API_KEY',
    () => `sk-proj-${rand(ALNUM, 74)}T3BlbkFJ${rand(ALNUM, 74)}`,
    (s) => `OPENAI_API_KEY=${s}`,
  ],
  [
    'OpenAI legacy key',
    'OPENAI_API_KEY',
    () => `sk-${rand(ALNUM, 20)}T3BlbkFJ${rand(ALNUM, 20)}`,
    (s) => `key ${s}`,
  ],
  [
    'Anthropic key',
    'ANTHROPIC_API_KEY',
    () => `sk-ant-api03-${rand(ALNUM + '_-', 93)}AA`,
    (s) => `x-api-key: ${s}`,
  ],
  ['Hugging Face token', 'HUGGINGFACE_TOKEN', () => 'hf_' + rand(UPPER + LOWER, 34), (s) => `HF_TOKEN=${s}`],
  ['Groq key', 'GROQ_API_KEY', () => 'gsk_' + rand(ALNUM, 52), (s) => `${s}`],
  ['Replicate token', 'REPLICATE_API_TOKEN', () => 'r8_' + rand(ALNUM, 37), (s) => `${s}`],
  ['Perplexity key', 'PERPLEXITY_API_KEY', () => 'pplx-' + rand(ALNUM, 48), (s) => `${s}`],
  ['Mistral key', 'MISTRAL_API_KEY', () => rand(ALNUM, 32), (s) => `MISTRAL_API_KEY="${s}"`],
  ['Cohere key', 'COHERE_API_KEY', () => rand(ALNUM, 40), (s) => `CO_API_KEY=${s}`],
  ['Twilio API key', 'TWILIO_API_KEY', () => 'SK' + rand(HEX, 32), (s) => `twilio ${s}`],
  ['SendGrid key', 'SENDGRID_API_KEY', () => `SG.${rand(ALNUM, 22)}.${rand(ALNUM, 43)}`, (s) => `${s}`],
  ['Shopify token', 'SHOPIFY_TOKEN', () => 'shpat_' + rand(HEX, 32), (s) => `${s}`],
  ['npm token', 'NPM_TOKEN', () => githubToken('npm_'), (s) => `//registry.npmjs.org/:_authToken=${s}`],
  [
    'PyPI token',
    'PYPI_TOKEN',
    () => 'pypi-AgEIcHlwaS5vcmc' + rand(ALNUM + '_-', 70),
    (s) => `password = ${s}`,
  ],
  ['Docker Hub PAT', 'DOCKER_HUB_TOKEN', () => 'dckr_pat_' + rand(ALNUM, 27), (s) => `${s}`],
  ['Netlify PAT', 'NETLIFY_ACCESS_TOKEN', () => 'nfp_' + rand(ALNUM, 36), (s) => `${s}`],
  ['Linear key', 'LINEAR_API_KEY', () => 'lin_api_' + rand(ALNUM, 40), (s) => `${s}`],
  ['Notion token', 'NOTION_API_TOKEN', () => `ntn_${rand(DIGITS, 11)}${rand(ALNUM, 35)}`, (s) => `${s}`],
  ['Atlassian token', 'ATLASSIAN_API_TOKEN', () => 'ATATT3' + rand(ALNUM, 186), (s) => `${s}`],
  ['Vault token', 'VAULT_TOKEN', () => 'hvs.' + rand(ALNUM, 95), (s) => `VAULT_TOKEN=${s}`],
  ['Sentry user token', 'SENTRY_TOKEN', () => 'sntryu_' + rand(HEX, 64), (s) => `${s}`],
  ['Datadog API key', 'DATADOG_API_KEY', () => rand(HEX, 32), (s) => `DD_API_KEY=${s}`],
  ['Heroku key', 'HEROKU_API_KEY', () => 'HRKU-AA' + rand(ALNUM + '_-', 58), (s) => `${s}`],
];

describe('provider formats', () => {
  it.each(CASES)('%s', (_, entity, make, wrap) => {
    const secret = make();
    const text = wrap(secret);
    const findings = scanner.scan(`before\n${text}\nafter`);
    const spans = findings.map((f) => `${f.type}:${`before\n${text}\nafter`.slice(f.start, f.end)}`);
    expect(spans).toContain(`${entity}:${secret}`);
  });

  it('finds a Vault service token whose first 24 characters are letters (legacy placeholders stay allowed)', () => {
    const token = 'hvs.' + rand(UPPER + LOWER, 24) + rand(ALNUM, 71);
    expect(scanner.scan(`VAULT_TOKEN=${token}\n`).map((f) => f.type)).toContain('VAULT_TOKEN');
    expect(
      scanner.scan(`VAULT_TOKEN=s.${'abcdefghijklmnopqrstuvwx'}\n`).filter((f) => f.type === 'VAULT_TOKEN'),
    ).toEqual([]);
  });

  it('raises the score of GitHub tokens whose CRC32 tail checks out', () => {
    const good = githubToken('ghp_');
    const last = good.at(-1) === 'a' ? 'b' : 'a';
    const bad = good.slice(0, -1) + last;
    expect(scanner.scan(good)[0]?.score).toBe(0.99);
    expect(scanner.scan(bad)[0]?.score).toBeLessThan(0.99);
  });

  it('reports the rule id as evidence and never the value', () => {
    const secret = githubToken('ghp_');
    const [finding] = scanner.scan(`token=${secret}`);
    expect(finding?.evidence).toEqual(['github-pat']);
    expect(JSON.stringify(finding)).not.toContain(secret);
  });
});

describe('provider hard negatives', () => {
  it.each([
    ['AWS documentation key', () => 'AKIA' + 'IOSFODNN7' + 'EXAMPLE'],
    ['filler Stripe key', () => 'sk_live_' + 'x'.repeat(24)],
    ['short GitHub-like prefix', () => 'ghp_' + rand(ALNUM, 20)],
    ['truncated 1Password token', () => 'OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5B...'],
    ['sequential sample', () => `sk-ant-api03-${'abcdefghijklmnopqrstuvwxyz'.repeat(3)}${rand(ALNUM, 15)}AA`],
  ])('%s', (_, make) => {
    expect(scanner.scan(make())).toEqual([]);
  });
});
