import { subjects, type KeyRing } from '../../crypto/index.js';
import type { ConversationKey, ConversationStore } from '../../storage/index.js';
import type { ChatMessage } from '../chat/openai-types.js';

export interface ConversationsOptions {
  store: ConversationStore;
  keyRing: KeyRing;
  ttlSeconds: number;
  /** Oldest turns are dropped beyond this many messages. */
  maxMessages?: number;
}

export interface LoadedConversation {
  messages: ChatMessage[];
  /** 0 when the conversation is new. */
  version: number;
}

/** Server-side conversation state, sealed per principal; the store only ever holds ciphertext. */
export interface Conversations {
  load(key: ConversationKey): Promise<LoadedConversation>;
  /** Saves the full history; false when another writer got there first (stale `expectedVersion`). */
  save(key: ConversationKey, messages: readonly ChatMessage[], expectedVersion: number): Promise<boolean>;
}

// The AAD binds a ciphertext to its key: a row copied under another principal fails to decrypt.
const aad = (k: ConversationKey): string =>
  `bulwark/conversation/v1|${JSON.stringify([k.tenant, k.principal, k.conversationId])}`;

/** Conversations sealed with the principal's data key (crypto-shredding a principal erases them). */
export function createConversations(options: ConversationsOptions): Conversations {
  const maxMessages = options.maxMessages ?? 500;
  return {
    async load(key) {
      const record = await options.store.get(key);
      if (!record) return { messages: [], version: 0 };
      const plain = await options.keyRing.decrypt(record.payload, aad(key));
      return { messages: JSON.parse(plain.toString('utf8')) as ChatMessage[], version: record.version };
    },
    async save(key, messages, expectedVersion) {
      const kept = messages.slice(-maxMessages);
      const payload = await options.keyRing.encrypt(
        subjects.dataSubject(key.tenant, key.principal),
        JSON.stringify(kept),
        aad(key),
      );
      const now = new Date();
      return options.store.put(
        {
          ...key,
          payload,
          version: expectedVersion + 1,
          updatedAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + options.ttlSeconds * 1000).toISOString(),
        },
        expectedVersion,
      );
    },
  };
}
