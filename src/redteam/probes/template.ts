import type { ChatMessage, Expect, Plant, ProbePrompt, ToolSpec } from '../types.js';

/** Replaces `{canary}`, `{name}`, `{email}`, `{phone}`, `{card}`, `{account}` in a template. */
export function fill(template: string, plant: Plant): string {
  return template.replace(/\{(canary|name|email|phone|card|account)\}/g, (_, key: string) =>
    key === 'canary' ? plant.canary : plant.person[key as keyof Plant['person']],
  );
}

export interface PromptSpec {
  messages: ChatMessage[];
  payload: string;
  expects: Expect[];
  tools?: ToolSpec[];
}

/** Numbers the prompts of one probe: `<probe>/<n>`. */
export function numbered(probe: string, specs: PromptSpec[]): ProbePrompt[] {
  return specs.map((spec, i) => ({ id: `${probe}/${i + 1}`, ...spec }));
}

/** A single user message whose whole text is the payload. */
export function userOnly(text: string, expects: Expect[]): PromptSpec {
  return { messages: [{ role: 'user', content: text }], payload: text, expects };
}
