import type { Canary } from '../../detect/injection/canary.js';
import type { ChatMessage } from '../chat/openai-types.js';

/** The text of the first system (or developer) message, or undefined when there is none. */
export function systemPromptOf(messages: readonly ChatMessage[]): string | undefined {
  const system = messages.find((m) => m.role === 'system' || m.role === 'developer');
  if (!system) return undefined;
  if (typeof system.content === 'string') return system.content;
  return Array.isArray(system.content) ? system.content.map((p) => p.text ?? '').join('') : undefined;
}

/**
 * Appends the canary's instruction to the first system (or developer) message; returns false when
 * there is no system prompt to protect. Planted after the input scan, so it is never scanned itself.
 */
export function plantCanary(messages: ChatMessage[], canary: Canary): boolean {
  const system = messages.find((m) => m.role === 'system' || m.role === 'developer');
  if (!system) return false;
  const marker = `\n\n${canary.instruction}`;
  if (typeof system.content === 'string') system.content += marker;
  else if (Array.isArray(system.content)) system.content.push({ type: 'text', text: marker });
  else system.content = canary.instruction;
  return true;
}
