import type { LoggerOptions } from 'pino';

/**
 * Pino options with redaction by field name: credentials, cookies and any message content never
 * reach a log line, even when a whole request or error object is logged by mistake.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers["api-key"]',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers["x-api-key"]',
        'headers.cookie',
        'apiKey',
        '*.apiKey',
        'api_key',
        '*.api_key',
        'messages',
        '*.messages',
        'content',
        '*.content',
        'prompt',
        '*.prompt',
        'input',
        '*.input',
        'body',
        '*.body',
      ],
      censor: '[redacted]',
    },
  };
}
