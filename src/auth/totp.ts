import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** TOTP (RFC 6238) for console MFA, with otplib: 6 digits, 30 s steps, SHA-1 (what authenticator apps expect). */
export const TOTP_PERIOD = 30;

/** A new base32 secret for enrolment (160 bits). */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` URI an authenticator app scans (shown as a QR code by the console). */
export function totpUri(secret: string, account: string, issuer = 'Bulwark'): string {
  return generateURI({ secret, label: account, issuer, strategy: 'totp' } as Parameters<
    typeof generateURI
  >[0]);
}

export interface TotpCheck {
  valid: boolean;
  /** The time step that matched; store it and pass it back as `after` so a code is never accepted twice. */
  timeStep?: number;
}

/**
 * Verifies a code within ±1 step of `nowSeconds`, refusing any step at or before `after` (replay).
 * otplib compares in constant time.
 */
export function verifyTotp(
  secret: string | Uint8Array,
  token: string,
  nowSeconds: number,
  after?: number,
): TotpCheck {
  if (!/^\d{6,8}$/.test(token)) return { valid: false };
  const result = verifySync({
    secret,
    token,
    strategy: 'totp',
    epoch: nowSeconds,
    epochTolerance: TOTP_PERIOD,
    ...(after !== undefined ? { afterTimeStep: after } : {}),
  });
  if (!result.valid) return { valid: false };
  const delta = 'delta' in result && typeof result.delta === 'number' ? result.delta : 0;
  return { valid: true, timeStep: Math.floor(nowSeconds / TOTP_PERIOD) + delta };
}

/** The code for a time (used by tests and by enrolment to show the user that the clock agrees). */
export function totpAt(
  secret: string | Uint8Array,
  nowSeconds: number,
  options: { digits?: 6 | 8; algorithm?: 'sha1' | 'sha256' | 'sha512' } = {},
): string {
  return generateSync({ secret, strategy: 'totp', epoch: nowSeconds, ...options });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten single-use recovery codes (`xxxxx-xxxxx`, ~49 bits each), shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(10), (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join(
      '',
    );
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are stored as keyed hashes (their entropy makes a slow KDF unnecessary). */
export function hashRecoveryCode(pepper: Uint8Array, code: string): string {
  return createHmac('sha256', pepper)
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');
}

/** Index of the matching stored hash, compared in constant time; -1 when none matches. */
export function matchRecoveryCode(pepper: Uint8Array, code: string, hashes: readonly string[]): number {
  const presented = Buffer.from(hashRecoveryCode(pepper, code), 'hex');
  let found = -1;
  hashes.forEach((h, i) => {
    const stored = Buffer.from(h, 'hex');
    if (stored.length === presented.length && timingSafeEqual(stored, presented) && found === -1) found = i;
  });
  return found;
}
