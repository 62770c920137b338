import type { AuditLog, Digester } from '../audit/index.js';
import { subjects, type KeyRing } from '../crypto/index.js';
import type { Storage } from '../storage/index.js';

export interface EraseSubjectOptions {
  storage: Storage;
  keyRing: KeyRing;
  audit: AuditLog;
  /** Digests the subject id for the audit record, so the log does not keep it in plain text. */
  digester: Digester;
  tenant: string;
  /** The data subject (as a principal id: whose conversations and data key). */
  subject: string;
  /** Who asked for the erasure (recorded). */
  actor?: string;
}

export interface EraseSubjectResult {
  conversationsDeleted: number;
  /** False when the subject had no data key (nothing was ever encrypted for it). */
  keyDestroyed: boolean;
  /** Id of the audit record of the erasure. */
  auditId: string;
}

/**
 * GDPR Art. 17 erasure: deletes the subject's conversations, then destroys its data key
 * (crypto-shredding: any copy of its ciphertexts, in backups included, becomes unreadable), then records
 * the erasure in the audit log. Earlier audit records stay (they hold digests, not content), so the
 * log still verifies.
 */
export async function eraseSubject(options: EraseSubjectOptions): Promise<EraseSubjectResult> {
  const { storage, keyRing, tenant, subject } = options;
  const conversationsDeleted = await storage.conversations.deleteByPrincipal(tenant, subject);
  const keyDestroyed = await keyRing.shred(subjects.dataSubject(tenant, subject));
  const receipt = await options.audit.append({
    kind: 'admin',
    action: 'subject.erase',
    tenant,
    ...(options.actor === undefined ? {} : { principal: options.actor }),
    target: options.digester.digest(`${tenant}\u0000${subject}`),
    outcome: 'success',
  });
  return { conversationsDeleted, keyDestroyed, auditId: receipt.id };
}
