import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenVault } from './token-vault.js';

describe('TokenVault', () => {
  it('gives one stable placeholder per original and restores by clearance', () => {
    const vault = new TokenVault();
    const a = vault.tokenize('EMAIL', 'a@example.com', 'confidential');
    expect(vault.tokenize('EMAIL', 'a@example.com', 'confidential')).toBe(a);
    const key = vault.tokenize('API_KEY', 'k-123', 'restricted');
    const text = `${a} and ${key}`;
    expect(vault.restore(text, 'confidential')).toBe(`a@example.com and ${key}`);
    expect(vault.restore(text, 'restricted')).toBe('a@example.com and k-123');
    expect(vault.restore('[EMAIL_9] unknown', 'restricted')).toBe('[EMAIL_9] unknown');
  });

  it('restores the same text however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(200), { maxLength: 30 }), (cuts) => {
        const vault = new TokenVault();
        const p1 = vault.tokenize('EMAIL', 'x@example.com', 'internal');
        const p2 = vault.tokenize('PERSON', 'Ana Lima', 'internal');
        const text = `Hi ${p1}, [not a token], ${p2} and [${p1}] end [`;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const restorer = vault.createRestorer('restricted');
        let out = '';
        let at = 0;
        for (const p of points) {
          out += restorer.push(text.slice(at, p));
          at = p;
        }
        out += restorer.push(text.slice(at)) + restorer.flush();
        expect(out).toBe(vault.restore(text, 'restricted'));
      }),
    );
  });
});
