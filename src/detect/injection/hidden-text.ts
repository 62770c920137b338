import { z } from 'zod';
import { defineRecognizer } from '../recognizer.js';
import { findHiddenText } from './hidden.js';

/** Invisible characters that hide or smuggle text (tag characters, bidi overrides, zero-width runs). */
export const hiddenTextRecognizer = defineRecognizer<Record<string, never>>({
  id: 'injection.hidden-text',
  entities: [{ type: 'HIDDEN_TEXT', category: 'injection', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  options: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  mode: 'sync',
  create() {
    return { scan: (text) => findHiddenText(text) };
  },
});
