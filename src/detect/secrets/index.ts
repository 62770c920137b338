import type { RecognizerDescriptor } from '../recognizer.js';
import { secretsRecognizer } from './recognizer.js';

export { SecretScanner, type SecretMatch } from './secret-scanner.js';
export { builtinSecretRules } from './catalog.js';
export { shannonEntropy } from './entropy.js';
export { isPlaceholder } from './placeholder.js';
export type { SecretRuleDefinition } from './rule.js';
export { SECRETS_RECOGNIZER_ID, type SecretRecognizerOptions } from './recognizer.js';

/** Provider credential formats and generic high-entropy secrets. */
export const secretRecognizers: readonly RecognizerDescriptor[] = [secretsRecognizer as RecognizerDescriptor];
