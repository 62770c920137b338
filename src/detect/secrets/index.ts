import type { RecognizerDescriptor } from '../recognizer.js';

/** Provider credential formats and generic high-entropy secrets. */
export const secretRecognizers: readonly RecognizerDescriptor[] = [];
