import type { RecognizerDescriptor } from '../recognizer.js';

/** Statistical tagger for PERSON, LOCATION/ADDRESS and ORGANIZATION. */
export const nerRecognizers: readonly RecognizerDescriptor[] = [];
