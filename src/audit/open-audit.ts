import type { KeyRing } from '../crypto/index.js';
import type { AuditStore } from '../storage/index.js';
import { createAuditLog, type AuditLog, type AuditLogOptions } from './audit-log.js';
import { createCheckpointSigner, type CheckpointSigner } from './checkpoint.js';
import { createDigester, type Digester } from './digest.js';

export interface AuditKeys {
  signer: CheckpointSigner;
  digester: Digester;
}

/**
 * The audit log's keys, derived by HKDF from the key ring's wrapped system key (itself under the root
 * key). Deriving from the wrapped key rather than the raw root keeps them stable across
 * `keys rotate-root`, so old checkpoints still verify and old digests still match.
 */
export async function auditKeys(keyRing: Pick<KeyRing, 'deriveSecret'>): Promise<AuditKeys> {
  return {
    signer: createCheckpointSigner(await keyRing.deriveSecret('audit-signing')),
    digester: createDigester(await keyRing.deriveSecret('audit-digest')),
  };
}

export type OpenAuditLogOptions = Omit<AuditLogOptions, 'signer' | 'digester' | 'encrypt' | 'store'> & {
  store: AuditStore;
  keyRing: KeyRing;
};

/** An audit log wired to the key ring: digests, signatures and transcript encryption. */
export async function openAuditLog(options: OpenAuditLogOptions): Promise<AuditLog & AuditKeys> {
  const { keyRing, ...rest } = options;
  const keys = await auditKeys(keyRing);
  const log = createAuditLog({
    ...rest,
    ...keys,
    encrypt: (subject, plaintext, aad) => keyRing.encrypt(subject, plaintext, aad),
  });
  return Object.assign(log, keys);
}
