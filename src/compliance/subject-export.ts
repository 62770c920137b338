import type { ConversationKey, Storage } from '../storage/index.js';

export interface SubjectExportOptions {
  storage: Storage;
  tenant: string;
  subject: string;
  /** Opens one stored conversation (the gateway's `createConversations(...).load`). */
  loadConversation: (key: ConversationKey) => Promise<unknown>;
  now?: () => Date;
}

/** Everything Bulwark holds about a data subject, machine-readable (GDPR Art. 15). */
export interface SubjectExport {
  format: 'bulwark-subject-export/v1';
  generatedAt: string;
  tenant: string;
  subject: string;
  /** The console user with this id, without password hash or MFA secrets. */
  user?: Record<string, unknown>;
  /** API keys the subject owns, without their secret hashes. */
  apiKeys: Record<string, unknown>[];
  conversations: { conversationId: string; content: unknown }[];
  /** Audit records about the subject: metadata and keyed digests (the log stores no content). */
  auditRecords: Record<string, unknown>[];
}

/** Collects the subject's data from every store; conversations are decrypted for the export. */
export async function exportSubject(options: SubjectExportOptions): Promise<SubjectExport> {
  const { storage, tenant, subject } = options;
  const user = await storage.users.get(subject);
  const keys = (await storage.apiKeys.list(tenant)).filter((k) => k.principal === subject);
  const conversations = [];
  for (const key of await storage.conversations.listByPrincipal(tenant, subject))
    conversations.push({ conversationId: key.conversationId, content: await options.loadConversation(key) });
  const auditRecords: Record<string, unknown>[] = [];
  const head = await storage.audit.head();
  for (let next = head.retainedFrom; ;) {
    const page = await storage.audit.range(next, 1000);
    if (page.length === 0) break;
    for (const e of page) {
      const record = JSON.parse(e.body) as Record<string, unknown>;
      if (record.tenant === tenant && record.principal === subject) auditRecords.push(record);
    }
    next = page.at(-1)!.seq + 1;
  }
  return {
    format: 'bulwark-subject-export/v1',
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    tenant,
    subject,
    ...(user === undefined || user.tenant !== tenant
      ? {}
      : { user: (({ passwordHash: _p, mfa: _m, ...rest }) => rest)(user) }),
    apiKeys: keys.map(({ secretHash: _s, ...rest }) => rest),
    conversations,
    auditRecords,
  };
}
