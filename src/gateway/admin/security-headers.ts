/**
 * Headers on every admin API response. JSON is never a document to render, so its CSP forbids
 * everything, and nothing here may be framed, sniffed, cached or leak a referrer.
 */
export const ADMIN_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/**
 * A report file rendered inside the console: the CSP `sandbox` directive gives it an opaque origin
 * with no scripts, forms or popups (even if opened directly), inline styles are all it may use, and
 * only the console itself may frame it.
 */
export const REPORT_VIEW_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
  'x-frame-options': 'SAMEORIGIN',
};
