import { checkCustomPatterns, customRecognizers, type CustomPatternSpec, type SpecIssue } from './custom.js';
import { createScanner, type Scanner } from './engine.js';
import type { EntityDescriptor, RecognizerDescriptor } from './recognizer.js';
import { builtinRecognizers } from './registry.js';

/** The config's `detect` section, structurally (detect does not import config). */
export interface DetectSettings {
  disabled: readonly string[];
  enabled: readonly string[];
  options: Readonly<Record<string, unknown>>;
  custom: readonly CustomPatternSpec[];
}

/**
 * Everything that would stop the scanner from being built, by path under `detect`: unknown ids,
 * options a recogniser's schema refuses (field names only, never values), and custom-pattern
 * problems. Empty when `createConfiguredScanner` will succeed.
 */
export function checkDetectSettings(settings: DetectSettings): SpecIssue[] {
  const issues: SpecIssue[] = checkCustomPatterns(settings.custom).map((i) => ({
    path: ['custom', ...i.path],
    message: i.message,
  }));
  const byId = new Map<string, RecognizerDescriptor>(builtinRecognizers.map((d) => [d.id, d]));
  for (const spec of settings.custom) {
    if (byId.has(spec.id))
      issues.push({ path: ['custom'], message: `id ${spec.id} is a built-in recogniser` });
  }
  for (const key of ['disabled', 'enabled'] as const)
    settings[key].forEach((id, i) => {
      if (!byId.has(id)) issues.push({ path: [key, i], message: 'names no built-in recogniser' });
    });
  for (const id of Object.keys(settings.options))
    if (!byId.has(id)) issues.push({ path: ['options', id], message: 'names no built-in recogniser' });
  // Every recogniser that will run gets its options checked, opt-in ones without options included.
  for (const descriptor of builtinRecognizers) {
    const { id } = descriptor;
    const runs =
      !settings.disabled.includes(id) && (descriptor.optIn !== true || settings.enabled.includes(id));
    if (!runs) continue;
    const parsed = descriptor.options.safeParse(settings.options[id] ?? {});
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        issues.push({
          path: ['options', id, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')],
          message: issue.message,
        });
  }
  return issues;
}

/** The built-in recognisers plus the custom ones, with the section's switches and options applied. */
export function createConfiguredScanner(settings: DetectSettings): Scanner {
  const issues = checkDetectSettings(settings);
  if (issues.length > 0) throw new Error(`detect.${issues[0]!.path.join('.')}: ${issues[0]!.message}`);
  return createScanner({
    recognizers: [...builtinRecognizers, ...customRecognizers(settings.custom)],
    disabled: settings.disabled,
    enabled: settings.enabled,
    recognizerOptions: { ...settings.options },
  });
}

/**
 * Every entity type the configured recognisers can emit, read from their descriptors without
 * building them (no model is loaded): what a coordinating thread needs while workers scan.
 */
export function entityCatalog(
  settings?: Pick<DetectSettings, 'custom'>,
): ReadonlyMap<string, EntityDescriptor> {
  const descriptors = [...builtinRecognizers, ...customRecognizers(settings?.custom ?? [])];
  return new Map(descriptors.flatMap((d) => d.entities.map((e) => [e.type, e] as const)));
}
