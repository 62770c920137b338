import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pseudonymize } from './pseudonymize.js';

const TYPES = ['PERSON', 'EMAIL', 'LOCATION', 'ADDRESS', 'ORGANIZATION', 'IP_ADDRESS', 'US_SSN', 'PHONE'];

describe('pseudonymize', () => {
  it('gives the same input the same pseudonym, across calls and spellings', () => {
    const key = randomBytes(32);
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.string({ minLength: 1, maxLength: 30 }), (type, value) => {
        expect(pseudonymize(key, 's', type, value)).toBe(pseudonymize(key, 's', type, value));
      }),
    );
    expect(pseudonymize(key, '', 'EMAIL', 'Ana@Example.com')).toBe(
      pseudonymize(key, '', 'EMAIL', 'ana@example.com'),
    );
    expect(pseudonymize(key, '', 'PHONE', '+1 415-555-0100')).toBe(
      pseudonymize(key, '', 'PHONE', '+1 (415) 555 0100'),
    );
  });

  it('separates keys and scopes: another key or scope gives an unrelated pseudonym', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (value) => {
        const a = randomBytes(32);
        const b = randomBytes(32);
        expect(pseudonymize(a, '', 'EMAIL', value)).not.toBe(pseudonymize(b, '', 'EMAIL', value));
        expect(pseudonymize(a, 'tenant-1', 'EMAIL', value)).not.toBe(
          pseudonymize(a, 'tenant-2', 'EMAIL', value),
        );
      }),
    );
  });

  it('draws from a realistic value space per type', () => {
    const key = randomBytes(32);
    expect(pseudonymize(key, '', 'PERSON', 'Ana Lopez')).toMatch(/^[A-Z][a-z'-]+ [A-Z]\. [A-Z][A-Za-z'-]+$/);
    expect(pseudonymize(key, '', 'EMAIL', 'ana@corp.com')).toMatch(/^user_[0-9a-f]{8}@example\.invalid$/);
    expect(pseudonymize(key, '', 'IP_ADDRESS', '8.8.8.8')).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(pseudonymize(key, '', 'US_SSN', '123-45-6789')).toMatch(/^US_SSN_[0-9a-f]{8}$/);
  });

  it('rarely maps two different people to one name', () => {
    const key = randomBytes(32);
    const names = new Set<string>();
    for (let i = 0; i < 2000; i++) names.add(pseudonymize(key, '', 'PERSON', `person ${i}`));
    expect(names.size).toBeGreaterThan(1990);
  });
});
