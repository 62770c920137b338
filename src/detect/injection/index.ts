import type { RecognizerDescriptor } from '../recognizer.js';
import { injectionClassifier } from './classifier.js';
import { hiddenTextRecognizer } from './hidden-text.js';
import { remoteInjectionClassifier } from './remote.js';

/** Prompt-injection and jailbreak recognisers. */
export const injectionRecognizers: readonly RecognizerDescriptor[] = [
  injectionClassifier as RecognizerDescriptor,
  hiddenTextRecognizer as RecognizerDescriptor,
  remoteInjectionClassifier as RecognizerDescriptor,
];

export { injectionClassifier, detectInjection, type ClassifierOptions } from './classifier.js';
export { remoteInjectionClassifier, createRemoteClassifier, type RemoteClassifierOptions } from './remote.js';
export { hiddenTextRecognizer } from './hidden-text.js';
export { findHiddenText, type HiddenTextKind } from './hidden.js';
export { normalizeForDetection, toOriginalSpan, type NormalizedText, type HiddenRun } from './normalize.js';
export {
  decodeSegments,
  rot13,
  type DecodedSegment,
  type DecodeOptions,
  type EncodingKind,
} from './decode.js';
export { FAMILIES, matchFamilies, type Family } from './heuristics.js';
export { scoreText, type TextScore } from './score.js';
export { loadBundledModel, type InjectionModel, type InjectionThresholds } from './model.js';
export { createCanary, findCanary, type Canary, type CanaryMatch } from './canary.js';
export { leakSimilarity, type LeakSimilarityResult, type LeakOptions } from './leak.js';
export { findExfiltrationLinks, type ExfiltrationOptions } from './exfiltration.js';
