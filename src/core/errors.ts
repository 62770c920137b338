/**
 * The error catalog: every error a client or CLI user can see has a stable code, an HTTP status, an
 * OpenAI-style `type` and a message. Messages never contain submitted values (error text is an
 * exfiltration channel). docs/errors.md is checked against this table by a test.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, type: 'invalid_request_error', message: 'The request is invalid.' },
  INVALID_JSON: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request body is not valid JSON.',
  },
  INVALID_UTF8: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request body is not valid UTF-8.',
  },
  VALIDATION_FAILED: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The request failed validation.',
  },
  BODY_TOO_LARGE: { status: 413, type: 'invalid_request_error', message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    type: 'invalid_request_error',
    message: 'The request body must be application/json.',
  },
  NOT_FOUND: { status: 404, type: 'not_found_error', message: 'The resource was not found.' },
  CONFLICT: {
    status: 409,
    type: 'invalid_request_error',
    message: 'The resource changed concurrently; read it again and retry.',
  },
  METHOD_NOT_ALLOWED: { status: 405, type: 'invalid_request_error', message: 'The method is not allowed.' },
  UNAUTHENTICATED: { status: 401, type: 'authentication_error', message: 'Authentication is required.' },
  INVALID_API_KEY: { status: 401, type: 'authentication_error', message: 'The API key is not valid.' },
  API_KEY_EXPIRED: { status: 401, type: 'authentication_error', message: 'The API key has expired.' },
  API_KEY_REVOKED: { status: 401, type: 'authentication_error', message: 'The API key has been revoked.' },
  API_KEY_SUSPENDED: {
    status: 403,
    type: 'permission_error',
    message: 'The API key is suspended pending review.',
  },
  MFA_REQUIRED: {
    status: 401,
    type: 'authentication_error',
    message: 'Multi-factor authentication is required.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    type: 'authentication_error',
    message: 'The credentials are not valid.',
  },
  SETUP_TOKEN_INVALID: {
    status: 401,
    type: 'authentication_error',
    message: 'The setup link is invalid, used or expired; ask an administrator for a new one.',
  },
  SSO_FAILED: {
    status: 401,
    type: 'authentication_error',
    message: 'Single sign-on did not complete; start again from the sign-in page.',
  },
  SSO_DENIED: {
    status: 403,
    type: 'permission_error',
    message: 'This identity provider account may not sign in to the console.',
  },
  SSO_TICKET_INVALID: {
    status: 401,
    type: 'authentication_error',
    message: 'The sign-in step expired or was already used; sign in again.',
  },
  ACCOUNT_LOCKED: {
    status: 429,
    type: 'authentication_error',
    message: 'Too many failed attempts; try again later.',
  },
  CSRF_FAILED: { status: 403, type: 'permission_error', message: 'The CSRF token is missing or invalid.' },
  FORBIDDEN: {
    status: 403,
    type: 'permission_error',
    message: 'The principal lacks the required permission.',
  },
  SCOPE_DENIED: {
    status: 403,
    type: 'permission_error',
    message: 'The API key is not scoped for this request.',
  },
  TENANT_MISMATCH: {
    status: 403,
    type: 'permission_error',
    message: 'The resource belongs to another tenant.',
  },
  TENANT_DISABLED: { status: 403, type: 'permission_error', message: 'The tenant is disabled.' },
  CLEARANCE_EXCEEDED: {
    status: 403,
    type: 'permission_error',
    message: 'The content is classified above the principal’s clearance.',
  },
  RATE_LIMITED: { status: 429, type: 'rate_limit_error', message: 'Rate limit exceeded.' },
  TOKEN_LIMITED: { status: 429, type: 'rate_limit_error', message: 'Token limit exceeded.' },
  BUDGET_EXCEEDED: { status: 429, type: 'rate_limit_error', message: 'Spending budget exceeded.' },
  CONCURRENCY_LIMITED: { status: 429, type: 'rate_limit_error', message: 'Too many concurrent requests.' },
  LIMITS_UNAVAILABLE: {
    status: 503,
    type: 'server_error',
    message: 'Rate limits could not be checked; the request was refused.',
  },
  PROMPT_INJECTION_BLOCKED: {
    status: 400,
    type: 'guardrail_error',
    message: 'The request was blocked: prompt injection detected.',
  },
  SENSITIVE_INPUT_BLOCKED: {
    status: 400,
    type: 'guardrail_error',
    message: 'The request was blocked: sensitive data detected in the input.',
  },
  SENSITIVE_OUTPUT_BLOCKED: {
    status: 502,
    type: 'guardrail_error',
    message: 'The response was blocked: sensitive data detected in the model output.',
  },
  CANARY_LEAKED: {
    status: 502,
    type: 'guardrail_error',
    message: 'The response was blocked: it disclosed protected instructions.',
  },
  GUARDRAIL_FAILED: {
    status: 503,
    type: 'guardrail_error',
    message: 'A guardrail could not complete; the request was refused.',
  },
  MODEL_NOT_FOUND: { status: 404, type: 'invalid_request_error', message: 'The model is not configured.' },
  NO_TRUSTED_UPSTREAM: {
    status: 403,
    type: 'permission_error',
    message: 'The content requires a trusted upstream and none serves this model.',
  },
  CONVERSATION_NOT_FOUND: {
    status: 404,
    type: 'not_found_error',
    message: 'The conversation was not found.',
  },
  UPSTREAM_ERROR: {
    status: 502,
    type: 'upstream_error',
    message: 'The upstream provider returned an error.',
  },
  UPSTREAM_TIMEOUT: { status: 504, type: 'upstream_error', message: 'The upstream provider timed out.' },
  UPSTREAM_UNAVAILABLE: {
    status: 503,
    type: 'upstream_error',
    message: 'No upstream provider is available (circuit open or all fallbacks failed).',
  },
  UPSTREAM_FORBIDDEN_HOST: {
    status: 500,
    type: 'server_error',
    message: 'The upstream host is not allowed by configuration.',
  },
  AUDIT_UNAVAILABLE: {
    status: 503,
    type: 'server_error',
    message: 'The audit log could not record the request; it was refused.',
  },
  SESSION_STORE_UNAVAILABLE: {
    status: 503,
    type: 'server_error',
    message: 'Console sessions could not be checked; the request was refused.',
  },
  DATA_KEY_DESTROYED: {
    status: 410,
    type: 'not_found_error',
    message: 'The data was encrypted under a key that has been destroyed (erased).',
  },
  DECRYPTION_FAILED: {
    status: 500,
    type: 'server_error',
    message: 'Stored data could not be decrypted or authenticated.',
  },
  REVIEW_REPORT_INVALID: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The access-review report is unreadable, altered, unknown to the audit log or already signed.',
  },
  POLICY_INVALID: {
    status: 400,
    type: 'invalid_request_error',
    message: 'The edited policy failed validation; nothing was applied.',
  },
  POLICY_READ_ONLY: {
    status: 409,
    type: 'invalid_request_error',
    message: 'This gateway was started without a configuration file; the policy cannot be edited here.',
  },
  REPORT_TOO_LARGE: {
    status: 422,
    type: 'invalid_request_error',
    message: 'The report is too large to open in the console; read it from the reports directory.',
  },
  CONSOLE_NOT_BUILT: {
    status: 503,
    type: 'server_error',
    message: 'The admin console is not built; run `npm run build` and restart.',
  },
  CONFIG_INVALID: { status: 500, type: 'server_error', message: 'The configuration is invalid.' },
  INTERNAL: { status: 500, type: 'server_error', message: 'An internal error occurred.' },
} as const satisfies Record<string, { status: number; type: string; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface BulwarkErrorOptions {
  /** Replaces the catalog message; must never include submitted values. */
  message?: string;
  /** Safe detail for the client, e.g. the JSON path of a failed field. */
  details?: Record<string, unknown>;
  /** Extra response headers (Retry-After, x-ratelimit-*). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error with a stable code from the catalog. Safe to show to a client. */
export class BulwarkError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: BulwarkErrorOptions = {}) {
    const entry = ERRORS[code];
    super(
      options.message ?? entry.message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'BulwarkError';
    this.code = code;
    this.status = entry.status;
    this.type = entry.type;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function isBulwarkError(error: unknown): error is BulwarkError {
  return error instanceof BulwarkError;
}

/** The OpenAI-compatible wire format for every client-visible error. */
export interface WireError {
  error: {
    message: string;
    type: string;
    code: string;
    request_id?: string;
    details?: Record<string, unknown>;
  };
}

/** Converts any error to the wire format; unknown errors become a generic INTERNAL. */
export function toWireError(error: unknown, requestId?: string): { status: number; body: WireError } {
  const known = isBulwarkError(error) ? error : new BulwarkError('INTERNAL');
  const body: WireError = { error: { message: known.message, type: known.type, code: known.code } };
  if (requestId !== undefined) body.error.request_id = requestId;
  if (known.details !== undefined) body.error.details = known.details;
  return { status: known.status, body };
}
