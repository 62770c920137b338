import { describe, expect, it } from 'vitest';
import { redactUrl } from './logging.js';

describe('logged URLs', () => {
  it('replaces the values of credential-bearing query parameters and keeps the rest', () => {
    expect(redactUrl('/admin/v1/sso/callback?code=ac_123&state=xyz&iss=https%3A%2F%2Fidp')).toBe(
      '/admin/v1/sso/callback?code=redacted&state=redacted&iss=https%3A%2F%2Fidp',
    );
    expect(redactUrl('/x?ID_TOKEN=a&id_token=b&ticket=t')).toBe(
      '/x?ID_TOKEN=redacted&id_token=redacted&ticket=redacted',
    );
    expect(redactUrl('/admin/v1/audit?principal=user%3A1&limit=50')).toBe(
      '/admin/v1/audit?principal=user%3A1&limit=50',
    );
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
