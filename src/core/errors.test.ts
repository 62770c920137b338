import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulwarkError, ERRORS, toWireError } from './errors.js';

describe('error catalog', () => {
  it('matches docs/errors.md row for row', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    const rows = doc
      .split('\n')
      .filter((l) => /^\| [A-Z0-9_]+ \|/.test(l))
      .map((l) =>
        l
          .split('|')
          .map((c) => c.trim())
          .slice(1, 5),
      );
    const expected = Object.entries(ERRORS).map(([code, e]) => [code, String(e.status), e.type, e.message]);
    expect(rows).toEqual(expected);
  });

  it('renders a known error in the OpenAI wire format with the request id', () => {
    const { status, body } = toWireError(new BulwarkError('RATE_LIMITED'), 'req_1');
    expect(status).toBe(429);
    expect(body).toEqual({
      error: {
        message: 'Rate limit exceeded.',
        type: 'rate_limit_error',
        code: 'RATE_LIMITED',
        request_id: 'req_1',
      },
    });
  });

  it('hides the detail of an unknown error behind a generic 500', () => {
    const { status, body } = toWireError(new Error('password=hunter2 at db.internal'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(body.error.code).toBe('INTERNAL');
  });
});
