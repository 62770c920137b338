import { LEVELS, maxLevel, type Finding, type Level } from '../core/index.js';
import type { EntityCategory, EntityDescriptor } from './recognizer.js';

/** How findings map to a classification level. Types override categories; both override defaults. */
export interface ClassificationRules {
  /** Level per entity type, e.g. { EMAIL: 'confidential' }. */
  types?: Readonly<Record<string, Level>>;
  /** Level per category, e.g. { contact: 'internal' }. */
  categories?: Readonly<Partial<Record<EntityCategory, Level>>>;
  /** Level of text with no findings. Default 'public'. */
  base?: Level;
  /** Level of a finding whose type is unknown. Default 'confidential' (fail closed). */
  unknown?: Level;
}

/**
 * The level of a text: the highest level of any finding. A finding's level comes from the rules by
 * type, then by category, then from its entity's default.
 */
export function classify(
  findings: readonly Finding[],
  entities: ReadonlyMap<string, EntityDescriptor>,
  rules: ClassificationRules = {},
): Level {
  let level: Level = rules.base ?? LEVELS[0];
  for (const finding of findings) level = maxLevel(level, levelOf(finding.type, entities, rules));
  return level;
}

/** The level one entity type classifies as under the rules. */
export function levelOf(
  type: string,
  entities: ReadonlyMap<string, EntityDescriptor>,
  rules: ClassificationRules = {},
): Level {
  const byType = rules.types?.[type];
  if (byType) return byType;
  const entity = entities.get(type);
  if (!entity) return rules.unknown ?? 'confidential';
  return rules.categories?.[entity.category] ?? entity.level;
}
