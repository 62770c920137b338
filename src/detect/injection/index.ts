import type { RecognizerDescriptor } from '../recognizer.js';

/** Prompt-injection and jailbreak recognisers. */
export const injectionRecognizers: readonly RecognizerDescriptor[] = [];
