import { describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  matchRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpAt,
  totpUri,
  verifyTotp,
} from './totp.js';

// RFC 6238 Appendix B: seeds are the ASCII strings below; 8-digit codes.
const SEEDS = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP', () => {
  it.each(VECTORS)('matches RFC 6238 at T=%d', (t, sha1, sha256, sha512) => {
    expect(totpAt(SEEDS.sha1, t, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totpAt(SEEDS.sha256, t, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totpAt(SEEDS.sha512, t, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('accepts the current and adjacent steps, refuses older ones and replays', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000;
    const code = totpAt(secret, now);
    const ok = verifyTotp(secret, code, now);
    expect(ok.valid).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 30), now).valid).toBe(true);
    expect(verifyTotp(secret, totpAt(secret, now - 120), now).valid).toBe(false);
    expect(verifyTotp(secret, code, now, ok.timeStep).valid).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now).valid).toBe(false);
  });

  it('builds an otpauth URI for enrolment', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'ana@acme');
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(uri).toContain('issuer=Bulwark');
  });

  it('matches recovery codes by keyed hash, loosely formatted, once each', () => {
    const pepper = Buffer.alloc(32, 3);
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    const hashes = codes.map((c) => hashRecoveryCode(pepper, c));
    expect(matchRecoveryCode(pepper, codes[4]!.toUpperCase().replace('-', ' '), hashes)).toBe(4);
    expect(matchRecoveryCode(pepper, 'aaaaa-bbbbb', hashes)).toBe(-1);
    expect(matchRecoveryCode(Buffer.alloc(32, 4), codes[4]!, hashes)).toBe(-1);
  });
});
