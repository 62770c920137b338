import type { ProbeDescriptor } from '../types.js';
import { exfiltration } from './exfiltration.js';
import { indirectInjection } from './indirect-injection.js';
import { instructionOverride } from './instruction-override.js';
import { jailbreakPersona } from './jailbreak-persona.js';
import { manyShot } from './many-shot.js';
import { multilingual } from './multilingual.js';
import { piiExtraction } from './pii-extraction.js';
import { systemPromptExtraction } from './system-prompt-extraction.js';
import { toolHijack } from './tool-hijack.js';
import { trainingDataExtraction } from './training-data-extraction.js';

/** Every built-in probe. A plain list: the runner reads descriptors, never branches on ids. */
export const probes: readonly ProbeDescriptor[] = [
  instructionOverride,
  systemPromptExtraction,
  piiExtraction,
  trainingDataExtraction,
  jailbreakPersona,
  indirectInjection,
  exfiltration,
  toolHijack,
  manyShot,
  multilingual,
];
