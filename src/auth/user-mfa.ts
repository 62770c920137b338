import { BulwarkError } from '../core/index.js';
import { subjects, type KeyRing } from '../crypto/index.js';
import type { UserRecord } from '../storage/index.js';
import { hashRecoveryCode, newRecoveryCodes } from './totp.js';

/** Key-ring purpose of the recovery-code HMAC pepper. */
export const RECOVERY_PEPPER_PURPOSE = 'auth/recovery-code/v1';
/** Passwords shorter than this are refused (NIST SP 800-63B asks for at least 8; we ask for more). */
export const MIN_PASSWORD_LENGTH = 12;

export type Ring = Pick<KeyRing, 'encrypt' | 'decrypt' | 'deriveSecret'>;

// Bound to the user, so a sealed secret copied onto another record does not open.
const totpAad = (user: Pick<UserRecord, 'id' | 'tenant'>) => `totp:${user.tenant}:${user.id}`;

/** Seals a TOTP secret under the tenant's data key. */
export async function sealTotp(
  keyRing: Ring,
  user: Pick<UserRecord, 'id' | 'tenant'>,
  secret: string,
): Promise<string> {
  return (await keyRing.encrypt(subjects.tenant(user.tenant), secret, totpAad(user))).toString('base64');
}

export async function openTotp(
  keyRing: Ring,
  user: Pick<UserRecord, 'id' | 'tenant'>,
  sealed: string,
): Promise<string> {
  return (await keyRing.decrypt(Buffer.from(sealed, 'base64'), totpAad(user))).toString('utf8');
}

/** Ten fresh recovery codes (shown once) and their keyed hashes (stored). */
export async function issueRecoveryCodes(keyRing: Ring): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = newRecoveryCodes();
  const pepper = await keyRing.deriveSecret(RECOVERY_PEPPER_PURPOSE);
  return { codes, hashes: codes.map((c) => hashRecoveryCode(pepper, c)) };
}

/** Refuses a password below the policy; the error names the rule, never the value. */
export function assertPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new BulwarkError('VALIDATION_FAILED', {
      details: { field: 'password', minLength: MIN_PASSWORD_LENGTH },
    });
}
