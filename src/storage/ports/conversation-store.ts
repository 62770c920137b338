/** Whose conversation: every read and write names all three, so no principal can address another's. */
export interface ConversationKey {
  tenant: string;
  principal: string;
  conversationId: string;
}

export interface ConversationRecord extends ConversationKey {
  /** Sealed by the caller (envelope encryption); the store never sees plaintext. */
  payload: Uint8Array;
  /** Starts at 1 and grows by one per write; writers name the version they read. */
  version: number;
  updatedAt: string;
  /** ISO time after which the record reads as absent and may be purged. */
  expiresAt: string;
}

/**
 * Storage port for server-side conversation state (the gateway's `conversation_id`). Keyed by
 * tenant + principal + conversation; optimistic concurrency so two replicas cannot lose a turn.
 */
export interface ConversationStore {
  /** The live record, or undefined when absent or expired. */
  get(key: ConversationKey, now?: Date): Promise<ConversationRecord | undefined>;
  /** Writes when the stored version is `expectedVersion` (0: none or expired); false on conflict. */
  put(record: ConversationRecord, expectedVersion: number): Promise<boolean>;
  delete(key: ConversationKey): Promise<boolean>;
  /** Subject access: the keys of one principal's live conversations, ordered by id. */
  listByPrincipal(tenant: string, principal: string, now?: Date): Promise<ConversationKey[]>;
  /** Erasure: every conversation of one principal. */
  deleteByPrincipal(tenant: string, principal: string): Promise<number>;
  /** Purges expired records; returns how many. */
  deleteExpired(now?: Date): Promise<number>;
  /** Retention: how many records are expired or were last updated before `before` (ISO time). */
  countStale(before: string, now?: Date): Promise<number>;
  /** Retention: deletes what `countStale` counts; returns how many went. */
  deleteStale(before: string, now?: Date): Promise<number>;
}
