export { DEFAULT_ORDERS, composeRdp, epsilonOf, rdpOfStep, rdpToEpsilon } from './rdp.js';
export type { EpsilonResult, Phase } from './rdp.js';
export { noiseForBudget, type NoiseSearchOptions } from './noise.js';
