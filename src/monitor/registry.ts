import type { DetectorDescriptor } from './detector.js';
import { injectionRepeat } from './detectors/injection-repeat.js';
import { nearDuplicateBurst } from './detectors/near-duplicate-burst.js';
import { newSource } from './detectors/new-source.js';
import { restrictedReads } from './detectors/restricted-reads.js';
import { upstreamShift } from './detectors/upstream-shift.js';
import { volumeSpike } from './detectors/volume-spike.js';

/** Every built-in detector, as a plain list of descriptors. */
export const detectors: readonly DetectorDescriptor<never>[] = [
  injectionRepeat,
  nearDuplicateBurst,
  volumeSpike,
  newSource,
  restrictedReads,
  upstreamShift,
] as unknown as readonly DetectorDescriptor<never>[];
