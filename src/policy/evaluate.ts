import { levelRank, maxLevel, type Action, type Decision, type Finding, type Level } from '../core/index.js';
// Direct module imports: the policy needs classification, not the recogniser registry.
import { levelOf, type ClassificationRules } from '../detect/classify.js';
import type { EntityDescriptor } from '../detect/recognizer.js';
import type { ActionRules } from './rules.js';

/** Severity order used to pick one action for a whole text: the strictest wins. */
const SEVERITY: readonly Action[] = ['allow', 'redact', 'tokenize', 'route', 'block'];

/** Returns the stricter of two actions. */
export function stricter(a: Action, b: Action): Action {
  return SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;
}

export interface EvaluateOptions {
  findings: readonly Finding[];
  rules: ActionRules;
  /** Entity catalog from the scanner (type → category and default level). */
  entities: ReadonlyMap<string, EntityDescriptor>;
  classification?: ClassificationRules;
}

/** One finding with the action the policy chose for it. */
export interface FindingAction {
  finding: Finding;
  action: Action;
  level: Level;
}

export interface EvaluateResult {
  decision: Decision;
  /** Per-finding actions, for transforms (redact these spans, tokenise those). */
  actions: FindingAction[];
}

/**
 * Findings + rules → a decision. Reasons name types and actions only, never matched text, so a
 * decision can be logged and returned to a client.
 */
export function evaluate(options: EvaluateOptions): EvaluateResult {
  const { rules, entities } = options;
  let action: Action = 'allow';
  let level: Level = 'public';
  const actions: FindingAction[] = [];
  const reasons = new Set<string>();
  for (const finding of options.findings) {
    if (finding.score < rules.minScore) continue;
    const findingLevel = levelOf(finding.type, entities, options.classification);
    const category = entities.get(finding.type)?.category;
    const chosen =
      rules.types[finding.type] ??
      (category === undefined ? undefined : rules.categories[category]) ??
      rules.levels[findingLevel] ??
      rules.default;
    actions.push({ finding, action: chosen, level: findingLevel });
    action = stricter(action, chosen);
    level = maxLevel(level, findingLevel);
    if (chosen !== 'allow') reasons.add(`${finding.type}:${chosen}`);
  }
  return {
    decision: { action, level, reasons: [...reasons], findings: actions.map((a) => a.finding) },
    actions,
  };
}

/** True when a principal with `clearance` may see content classified at `level`. */
export function cleared(clearance: Level, level: Level): boolean {
  return levelRank(clearance) >= levelRank(level);
}

/**
 * The entity types whose findings could change anything under these rules, so a scan can skip
 * recognisers whose findings would all be allowed. Undefined means "scan everything" (the default
 * action is not `allow`, so even unknown types matter).
 */
export function typesNeeding(
  rules: ActionRules,
  entities: ReadonlyMap<string, EntityDescriptor>,
  classification?: ClassificationRules,
): readonly string[] | undefined {
  if (rules.default !== 'allow') return undefined;
  // Asked on every request with rules that are usually the same (route overrides merge new objects
  // each time), so the answer is kept per scanner and rule content. The same array comes back,
  // which also lets the scanner reuse its per-types-list work.
  let known = neededByScanner.get(entities);
  if (!known) neededByScanner.set(entities, (known = new Map()));
  const key = JSON.stringify([rules, classification ?? null]);
  let needed = known.get(key);
  if (!needed) {
    needed = Object.freeze(computeTypesNeeding(rules, entities, classification));
    if (known.size >= 256) known.clear();
    known.set(key, needed);
  }
  return needed;
}

const neededByScanner = new WeakMap<ReadonlyMap<string, EntityDescriptor>, Map<string, readonly string[]>>();

function computeTypesNeeding(
  rules: ActionRules,
  entities: ReadonlyMap<string, EntityDescriptor>,
  classification?: ClassificationRules,
): string[] {
  const needed: string[] = [];
  for (const [type, entity] of entities) {
    const action =
      rules.types[type] ??
      rules.categories[entity.category] ??
      rules.levels[levelOf(type, entities, classification)] ??
      rules.default;
    if (action !== 'allow') needed.push(type);
  }
  for (const [type, action] of Object.entries(rules.types))
    if (action !== 'allow' && !entities.has(type)) needed.push(type);
  return needed;
}
