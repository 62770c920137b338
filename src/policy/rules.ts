import type { Action, Level } from '../core/index.js';
import type { ClassificationRules } from '../detect/classify.js';

/** How findings map to actions: type wins over category, category over level, level over default. */
export interface ActionRules {
  readonly types: Readonly<Record<string, Action>>;
  readonly categories: Readonly<Record<string, Action>>;
  readonly levels: Readonly<Partial<Record<Level, Action>>>;
  readonly default: Action;
  readonly minScore: number;
}

/** Input rules add whether the application's own system/developer messages are checked for injection. */
export interface InputActionRules extends ActionRules {
  readonly injectionInSystem: boolean;
}

/** Output rules add the streaming hold-back. */
export interface OutputActionRules extends ActionRules {
  readonly holdbackChars: number;
  /** Share of the system prompt a response may reproduce before it is blocked; 0 disables. */
  readonly leakThreshold: number;
  /** Hosts that links and images in responses may point to. */
  readonly linkHosts: readonly string[];
}

/** The policy in force for one request (base policy with any matching route overrides applied). */
export interface EffectivePolicy {
  /** Levels per type/category that override the recognisers' defaults (both directions). */
  readonly classification: ClassificationRules;
  readonly input: InputActionRules;
  readonly output: OutputActionRules;
  readonly canary: boolean;
  readonly failOpen: boolean;
  readonly guardrailTimeoutMs: number;
}

/**
 * A per-route override: applies when the model alias, the path and the caller all match (`*`
 * matches any; an absent caller list means any caller).
 */
export interface RouteOverride {
  readonly models: readonly string[];
  readonly paths: readonly string[];
  /** The caller's tenant. */
  readonly tenants?: readonly string[] | undefined;
  /** Any of the caller's roles. */
  readonly roles?: readonly string[] | undefined;
  /** The caller's principal id (`user:…`, `app:…`) or API key id. */
  readonly principals?: readonly string[] | undefined;
  readonly input?: Partial<InputActionRules> | undefined;
  readonly output?: Partial<OutputActionRules> | undefined;
  readonly canary?: boolean | undefined;
  readonly failOpen?: boolean | undefined;
  readonly guardrailTimeoutMs?: number | undefined;
}

export interface PolicyDocument extends EffectivePolicy {
  readonly routes: readonly RouteOverride[];
}

export interface RouteKey {
  model: string;
  path: string;
  /** Who is calling; absent (e.g. a dry run without a caller) matches only caller-agnostic routes. */
  caller?: { tenant: string; roles: readonly string[]; ids: readonly string[] };
}

function callerMatches(route: RouteOverride, caller: RouteKey['caller']): boolean {
  const any = (list: readonly string[] | undefined, values: readonly string[]) =>
    list === undefined || list.includes('*') || values.some((v) => list.includes(v));
  if (!caller)
    return route.tenants === undefined && route.roles === undefined && route.principals === undefined;
  return (
    any(route.tenants, [caller.tenant]) && any(route.roles, caller.roles) && any(route.principals, caller.ids)
  );
}

/** Applies every matching route override in order; later overrides win field by field. */
export function resolvePolicy(policy: PolicyDocument, key: RouteKey): EffectivePolicy {
  let input: InputActionRules = policy.input;
  let output: OutputActionRules = policy.output;
  let { canary, failOpen, guardrailTimeoutMs } = policy;
  for (const route of policy.routes) {
    if (!matches(route.models, key.model) || !matches(route.paths, key.path)) continue;
    if (!callerMatches(route, key.caller)) continue;
    if (route.input) input = mergeRules(input, route.input);
    if (route.output) output = mergeRules(output, route.output);
    canary = route.canary ?? canary;
    failOpen = route.failOpen ?? failOpen;
    guardrailTimeoutMs = route.guardrailTimeoutMs ?? guardrailTimeoutMs;
  }
  return { classification: policy.classification, input, output, canary, failOpen, guardrailTimeoutMs };
}

function matches(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

function mergeRules<R extends ActionRules>(base: R, override: Partial<R>): R {
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = base[key as keyof R];
    (merged as Record<string, unknown>)[key] =
      typeof value === 'object' && typeof current === 'object' ? { ...current, ...value } : value;
  }
  return merged;
}
