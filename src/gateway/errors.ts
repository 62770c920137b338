import { BulwarkError, isBulwarkError } from '../core/index.js';
import type { z } from 'zod';

// Fastify's own errors mapped onto the catalog, so clients see one error vocabulary.
const FASTIFY_CODES: Record<string, ConstructorParameters<typeof BulwarkError>[0]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

/** Any error → a catalog error. Unknown errors become INTERNAL; their detail stays in the log. */
export function toBulwarkError(error: unknown): BulwarkError {
  if (isBulwarkError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (mapped) return new BulwarkError(mapped, { cause: error });
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new BulwarkError('BAD_REQUEST', { cause: error });
  return new BulwarkError('INTERNAL', { cause: error });
}

/** A validation failure naming each field and what was expected; never the submitted value. */
export function validationError(error: z.ZodError): BulwarkError {
  const issues = error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return new BulwarkError('VALIDATION_FAILED', { details: { issues } });
}
