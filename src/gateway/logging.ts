import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

// Query parameters that carry credentials: OAuth/OIDC callbacks (`code`, `state`, tokens) and tickets.
const SECRET_QUERY =
  /^(code|state|id_token|access_token|refresh_token|token|ticket|session_state|client_secret|code_verifier)$/i;

/** The URL with the values of credential-bearing query parameters replaced. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  let hit = false;
  for (const key of new Set(params.keys()))
    if (SECRET_QUERY.test(key)) {
      params.set(key, 'redacted');
      hit = true;
    }
  return hit ? `${url.slice(0, at)}?${params.toString()}` : url;
}

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
    serializers: {
      // Fastify's own request fields, with an OIDC callback's code and state kept out of the URL.
      req: (request: FastifyRequest) =>
        typeof request.url !== 'string'
          ? request
          : {
              method: request.method,
              url: redactUrl(request.url),
              host: request.host,
              remoteAddress: request.ip,
              remotePort: request.socket?.remotePort,
            },
    },
  };
}
