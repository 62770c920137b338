import { describe, expect, it } from 'vitest';
import { parseJsonBody } from './json-body.js';

describe('parseJsonBody', () => {
  it('parses JSON and counts depth outside strings only', () => {
    expect(parseJsonBody(Buffer.from('{"a":"[[[[[[[[[[\\"[[[["}'), 3)).toEqual({ a: '[[[[[[[[[["[[[[' });
    expect(() => parseJsonBody(Buffer.from('[[[[1]]]]'), 3)).toThrow(/nested too deeply/);
  });
  it('refuses invalid UTF-8 and invalid JSON with catalog codes', () => {
    expect(() => parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d]), 8)).toThrow(
      expect.objectContaining({ code: 'INVALID_UTF8' }),
    );
    expect(() => parseJsonBody(Buffer.from('{"a":'), 8)).toThrow(
      expect.objectContaining({ code: 'INVALID_JSON' }),
    );
  });
});
