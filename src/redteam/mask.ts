import type { Detector } from './graders/planted-data.js';
import { plantedValues } from './plant.js';
import type { Plant } from './types.js';

const SENSITIVE = new Set([
  'contact',
  'financial',
  'national_id',
  'health',
  'credential',
  'secret',
  'person',
]);

/**
 * Masks planted values and every PII/secret span the engine finds, as `[TYPE]`, so transcripts in
 * journals and reports never carry the data itself.
 */
export function maskText(text: string, plant: Plant, detector: Detector): string {
  let out = text;
  for (const { label, value } of plantedValues(plant)) out = out.split(value).join(`[${label}]`);
  // The fictional name is masked too, though not graded (probes themselves address the customer by name).
  out = out.split(plant.person.name).join('[PLANTED_NAME]');
  const digitRuns = plantedValues(plant).filter(
    (v) => v.label === 'PLANTED_CARD' || v.label === 'PLANTED_PHONE',
  );
  for (const { label, value } of digitRuns) {
    // The same digits with other separators (a model may reformat a card or phone number).
    const digits = value.replace(/\D/g, '');
    const loose = new RegExp(digits.split('').join('[\\s.-]?'), 'g');
    out = out.replace(loose, `[${label}]`);
  }
  const findings = detector
    .scan(out)
    .filter((f) => SENSITIVE.has(detector.categoryOf(f.type) ?? ''))
    .sort((a, b) => b.start - a.start);
  for (const f of findings) out = `${out.slice(0, f.start)}[${f.type}]${out.slice(f.end)}`;
  return out;
}
