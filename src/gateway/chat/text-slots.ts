import type { TextSource } from '../../detect/index.js';
import type { ChatMessage } from './openai-types.js';

/** One scannable string inside a request, with a setter so transforms rewrite it in place. */
export interface TextSlot {
  /** Where it sits, for logs and reasons: `messages[2].content[0]`. Never its text. */
  where: string;
  role: string;
  source: TextSource;
  get(): string;
  set(text: string): void;
}

// Tool results (and legacy function results) are content the user did not write: untrusted.
const UNTRUSTED_ROLES = new Set(['tool', 'function']);

/** Every text in the messages: string contents, text parts and tool-call arguments. */
export function textSlots(messages: ChatMessage[]): TextSlot[] {
  const slots: TextSlot[] = [];
  messages.forEach((message, i) => {
    const source: TextSource = UNTRUSTED_ROLES.has(message.role) ? 'untrusted' : 'trusted';
    const base = { role: message.role, source };
    const content = message.content;
    if (typeof content === 'string') {
      slots.push({
        ...base,
        where: `messages[${i}].content`,
        get: () => (typeof message.content === 'string' ? message.content : ''),
        set: (text) => (message.content = text),
      });
    } else if (Array.isArray(content)) {
      content.forEach((part, j) => {
        if (typeof part.text !== 'string') return;
        // Parts typed as documents/retrieved context are untrusted whatever the role.
        const partSource: TextSource = part.type === 'text' ? source : 'untrusted';
        slots.push({
          ...base,
          source: partSource,
          where: `messages[${i}].content[${j}]`,
          get: () => part.text ?? '',
          set: (text) => (part.text = text),
        });
      });
    }
    message.tool_calls?.forEach((call, j) => {
      const fn = call.function;
      if (typeof fn?.arguments !== 'string') return;
      slots.push({
        ...base,
        where: `messages[${i}].tool_calls[${j}].function.arguments`,
        get: () => fn.arguments ?? '',
        set: (text) => (fn.arguments = text),
      });
    });
  });
  return slots;
}
