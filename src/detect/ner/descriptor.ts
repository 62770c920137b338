import { z } from 'zod';
import { defineRecognizer } from '../recognizer.js';
import { NER_ENTITIES, NER_TYPES } from './labels.js';
import { createNerTagger } from './tagger.js';
import { TOKEN_PATTERN } from './tokenize.js';

const nerTaggerOptions = z
  .object({
    /** Restrict the tagger to some of its types. */
    types: z.array(z.enum(NER_TYPES as [string, ...string[]])).optional(),
  })
  .strict();

/** The statistical PERSON / LOCATION / ADDRESS / ORGANIZATION / TITLE / NRP / AGE tagger. */
export const nerTagger = defineRecognizer<z.infer<typeof nerTaggerOptions>>({
  id: 'ner.tagger',
  entities: NER_ENTITIES,
  languages: ['en'],
  scope: 'span',
  // Decisions depend on neighbouring words and the whole sentence, so windows can change them.
  streaming: false,
  patterns: [TOKEN_PATTERN],
  options: nerTaggerOptions,
  mode: 'sync',
  create: (options) => createNerTagger(options.types ? { types: options.types } : {}),
});
