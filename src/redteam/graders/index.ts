import type { GraderDescriptor } from '../types.js';
import { canaryGrader, decodedPayloadGrader } from './canary.js';
import { divergenceGrader } from './divergence.js';
import { exfilUrlGrader } from './exfil-url.js';
import { createLeakGrader } from './leak-similarity.js';
import { createPlantedDataGrader, createSensitiveOutputGrader, type Detector } from './planted-data.js';
import { refusalGrader } from './refusal.js';
import { toolCallGrader } from './tool-call.js';

export { createLlmJudgeGrader, type LlmJudgeOptions } from './llm-judge.js';
export { containment, charGrams } from './leak-similarity.js';
export { isRefusal, REFUSAL_PHRASES } from './refusal.js';
export { plantedIn, type Detector } from './planted-data.js';

export interface GraderSetOptions {
  detector: Detector;
  /** 4-gram containment at which a reply counts as a system-prompt leak. */
  leakThreshold?: number;
}

/** The deterministic graders, in the order their verdicts are reported. */
export function defaultGraders(options: GraderSetOptions): GraderDescriptor[] {
  return [
    canaryGrader,
    decodedPayloadGrader,
    createLeakGrader(options.leakThreshold),
    createPlantedDataGrader(options.detector),
    createSensitiveOutputGrader(options.detector),
    divergenceGrader,
    toolCallGrader,
    exfilUrlGrader,
    refusalGrader,
  ];
}
