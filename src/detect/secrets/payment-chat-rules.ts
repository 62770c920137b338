import { assigned, prefixed, HEX32 } from './rule-builders.js';
import type { SecretRuleDefinition } from './rule.js';

// A GUID spelled out without groups, so the rule stays a linear token shape.
const UUID = '[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}';

/** Payment providers, chat tokens and webhook URLs written for Bulwark (beyond the gitleaks set). */
export const paymentChatRules: readonly SecretRuleDefinition[] = [
  // Payment
  prefixed(
    'stripe-webhook-secret',
    'STRIPE_WEBHOOK_SECRET',
    'Stripe webhook signing secret',
    'whsec_',
    '[A-Za-z0-9]{32,64}',
  ),
  prefixed(
    'square-oauth-secret',
    'SQUARE_TOKEN',
    'Square OAuth application secret',
    'sq0csp-',
    '[A-Za-z0-9_-]{43}',
  ),
  prefixed(
    'braintree-access-token',
    'BRAINTREE_TOKEN',
    'PayPal Braintree access token',
    'access_token$production$',
    '[a-z0-9]{16}\\$[a-f0-9]{32}',
  ),
  prefixed(
    'braintree-sandbox-access-token',
    'BRAINTREE_TOKEN',
    'PayPal Braintree sandbox access token',
    'access_token$sandbox$',
    '[a-z0-9]{16}\\$[a-f0-9]{32}',
  ),
  assigned(
    'paypal-client-secret',
    'PAYPAL_CLIENT_SECRET',
    'PayPal REST client secret',
    ['paypal_client_secret', 'paypal_secret', 'paypal-secret'],
    /E[A-Za-z0-9_-]{79}/,
  ),
  assigned(
    'adyen-api-key',
    'ADYEN_API_KEY',
    'Adyen API key',
    ['adyen_api_key', 'adyen_key', 'x-api-key-adyen', 'adyen'],
    /AQE[A-Za-z0-9+/=._-]{60,400}/,
  ),
  prefixed('razorpay-live-key', 'RAZORPAY_KEY', 'Razorpay live key id', 'rzp_live_', '[A-Za-z0-9]{14}'),
  assigned(
    'razorpay-secret',
    'RAZORPAY_KEY',
    'Razorpay key secret',
    ['razorpay_key_secret', 'razorpay_secret'],
    /[A-Za-z0-9]{24}/,
  ),
  assigned(
    'mollie-api-key',
    'MOLLIE_API_KEY',
    'Mollie live API key',
    ['mollie_api_key', 'mollie_key', 'mollie'],
    /live_[A-Za-z0-9]{30}/,
  ),
  assigned(
    'mollie-test-api-key',
    'MOLLIE_API_KEY',
    'Mollie test API key',
    ['mollie_api_key', 'mollie_key', 'mollie'],
    /test_[A-Za-z0-9]{30}/,
  ),
  // Chat and webhooks
  {
    id: 'microsoft-teams-webhook',
    entity: 'TEAMS_WEBHOOK_URL',
    description: 'Microsoft Teams incoming webhook URL (tenant and connector ids, 32-char secret)',
    keywords: ['webhook.office.com/webhookb2/'],
    pattern: new RegExp(
      String.raw`webhook\.office\.com/webhookb2/${UUID}@${UUID}/IncomingWebhook/[a-z0-9]{32}/${UUID}`,
      'i',
    ),
    score: 0.95,
  },
  {
    id: 'discord-bot-token',
    entity: 'DISCORD_TOKEN',
    description: 'Discord bot token (base64 user id, timestamp, HMAC)',
    keywords: ['discord', 'bot '],
    pattern: /(?<![\w.-])([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})(?![\w.-])/,
    before: 512,
    after: 512,
    entropy: 3.5,
    score: 0.85,
  },
  prefixed(
    'discord-webhook-url',
    'DISCORD_WEBHOOK_URL',
    'Discord webhook URL',
    'discord.com/api/webhooks/',
    '\\d{17,20}/[A-Za-z0-9_-]{60,68}',
  ),
  prefixed(
    'discordapp-webhook-url',
    'DISCORD_WEBHOOK_URL',
    'Discord webhook URL (legacy domain)',
    'discordapp.com/api/webhooks/',
    '\\d{17,20}/[A-Za-z0-9_-]{60,68}',
  ),
  {
    id: 'telegram-bot-token-bare',
    entity: 'TELEGRAM_BOT_TOKEN',
    description: 'Telegram bot token (bot id, colon, 35-char secret starting AA)',
    keywords: [':aa'],
    pattern: /(?<![\w:-])(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![\w-])/,
    before: 16,
    after: 64,
    score: 0.9,
  },
  prefixed(
    'teams-workflow-webhook',
    'TEAMS_WEBHOOK_URL',
    'Teams/Power Automate workflow webhook with signature',
    '.logic.azure.com',
    '(?::443)?/workflows/[a-f0-9]{32}/triggers/manual/paths/invoke\\?[^\\s\'"]{0,256}?sig=[A-Za-z0-9_%-]{43,64}',
    { before: 64 },
  ),
  prefixed(
    'slack-app-config-token',
    'SLACK_TOKEN',
    'Slack app-level token (xapp)',
    'xapp-',
    '\\d-[A-Z0-9]{9,12}-\\d{10,16}-[a-f0-9]{64}',
  ),
  assigned(
    'twilio-auth-token',
    'TWILIO_AUTH_TOKEN',
    'Twilio auth token',
    ['twilio_auth_token', 'twilio_token', 'twilio_secret'],
    HEX32,
    { entropy: 3.2 },
  ),
];
