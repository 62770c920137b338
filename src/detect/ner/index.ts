import type { RecognizerDescriptor } from '../recognizer.js';
import { nerTagger } from './descriptor.js';

export { nerTagger } from './descriptor.js';
export { createNerTagger, tagText, type NerTaggerOptions, type TaggedSpan } from './tagger.js';
export { NER_ENTITIES, NER_TYPES } from './labels.js';

/** Statistical tagger for PERSON, LOCATION/ADDRESS, ORGANIZATION, TITLE, NRP and AGE. */
export const nerRecognizers: readonly RecognizerDescriptor[] = [nerTagger as RecognizerDescriptor];
