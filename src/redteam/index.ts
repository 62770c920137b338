export * from './types.js';
export { doRedteam, listRedteam, type RedteamOptions, type RedteamResult } from './run.js';
export {
  createClient,
  type ChatClient,
  type ClientOptions,
  type ChatRequest,
  type CompletionRequest,
} from './client.js';
export { planAttacks, type PlanOptions } from './plan.js';
export { runAttacks, type AttemptRecord, type RunAttacksOptions } from './runner.js';
export { createPlant, plantedValues, DEFAULT_SYSTEM_PROMPT } from './plant.js';
export { createRandom } from './random.js';
export { probes } from './probes/index.js';
export { strategies } from './strategies.js';
export {
  defaultGraders,
  createLlmJudgeGrader,
  containment,
  isRefusal,
  type Detector,
} from './graders/index.js';
export { engineDetector } from './detector.js';
export { maskText } from './mask.js';
export { decodedViews, normalizeText } from './text-views.js';
export {
  summarise,
  formatSummary,
  failsAt,
  type RunReport,
  type RunSummary,
  type CategorySummary,
} from './report/summary.js';
export { diffRuns, formatDiff, type RunDiff } from './report/diff.js';
export { toHtml } from './report/html.js';
export { toJunit } from './report/junit.js';
export { toSarif, SARIF_SCHEMA } from './report/sarif.js';
export { BENIGN_CONTROLS, runControls, type ControlSummary } from './controls.js';
