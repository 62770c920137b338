import type { EntityDescriptor } from '../recognizer.js';

/** Entity types the tagger emits, with their category and default classification level. */
export const NER_ENTITIES: readonly EntityDescriptor[] = [
  { type: 'PERSON', category: 'person', level: 'confidential' },
  { type: 'LOCATION', category: 'location', level: 'internal' },
  { type: 'ADDRESS', category: 'location', level: 'confidential' },
  { type: 'ORGANIZATION', category: 'organization', level: 'internal' },
  { type: 'TITLE', category: 'person', level: 'internal' },
  { type: 'NRP', category: 'person', level: 'confidential' },
  { type: 'AGE', category: 'person', level: 'internal' },
];

export const NER_TYPES: readonly string[] = NER_ENTITIES.map((e) => e.type);

/** BIO tag set: 0 = O, then B-X, I-X for each type in NER_TYPES order. */
export const TAGS: readonly string[] = ['O', ...NER_TYPES.flatMap((t) => [`B-${t}`, `I-${t}`])];

/** Tag id of B-type (I-type is one more). */
export function beginTag(type: string): number {
  const i = NER_TYPES.indexOf(type);
  if (i < 0) throw new Error(`unknown NER type ${type}`);
  return 1 + 2 * i;
}

/** The entity type of a non-O tag id. */
export function typeOfTag(tag: number): string {
  return NER_TYPES[(tag - 1) >> 1] ?? 'O';
}

/** True for B-X tags. */
export function isBegin(tag: number): boolean {
  return tag > 0 && (tag & 1) === 1;
}
