import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer, type EntityDescriptor } from '../recognizer.js';
import { builtinSecretRules, globalSecretAllow } from './catalog.js';
import { SecretScanner } from './secret-scanner.js';

export const SECRETS_RECOGNIZER_ID = 'secret.rules';

const optionsSchema = z.object({
  /** Rule ids to switch off (e.g. 'generic-api-key' on a noisy corpus). */
  disabledRules: z.array(z.string()).default([]),
});

/** Options of the secret recogniser. */
export type SecretRecognizerOptions = z.infer<typeof optionsSchema>;

const defaultScanner = new SecretScanner(builtinSecretRules, globalSecretAllow);

function entitiesOf(): EntityDescriptor[] {
  const byType = new Map<string, EntityDescriptor>();
  for (const rule of builtinSecretRules) {
    byType.set(rule.entity, { type: rule.entity, category: rule.category ?? 'secret', level: 'restricted' });
  }
  return [...byType.values()].sort((a, b) => (a.type < b.type ? -1 : 1));
}

/** Converts scanner matches to findings; the rule id is evidence, the value never is. */
function toFindings(scanner: SecretScanner, text: string, lower: string): Finding[] {
  return scanner.scan(text, lower).map((m) => ({
    type: m.rule.entity,
    start: m.start,
    end: m.end,
    score: m.score,
    recognizer: SECRETS_RECOGNIZER_ID,
    evidence: [m.rule.id],
  }));
}

/**
 * All provider credential formats, private keys, JWTs, connection strings and generic assigned secrets in
 * one recogniser: a single keyword pass picks the few rules whose keywords occur, and only those run.
 */
export const secretsRecognizer = defineRecognizer<SecretRecognizerOptions>({
  id: SECRETS_RECOGNIZER_ID,
  mode: 'sync',
  entities: entitiesOf(),
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: defaultScanner.patterns,
  options: optionsSchema,
  create({ disabledRules }) {
    const off = new Set(disabledRules);
    const scanner =
      off.size === 0
        ? defaultScanner
        : new SecretScanner(
            builtinSecretRules.filter((r) => !off.has(r.id)),
            globalSecretAllow,
          );
    return { scan: (text, ctx) => toFindings(scanner, text, ctx.lower) };
  },
});
