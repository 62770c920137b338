import { injectionRecognizers } from './injection/index.js';
import { nerRecognizers } from './ner/index.js';
import { piiRecognizers } from './pii/index.js';
import type { RecognizerDescriptor } from './recognizer.js';
import { secretRecognizers } from './secrets/index.js';

/** Every built-in recogniser. The registry is a plain list; the engine reads capabilities from it. */
export const builtinRecognizers: readonly RecognizerDescriptor[] = [
  ...piiRecognizers,
  ...nerRecognizers,
  ...secretRecognizers,
  ...injectionRecognizers,
];
