import { BulwarkError, type Finding } from '../core/index.js';
import { hashValue } from './hash.js';
import { toKey } from './key.js';
import { mask } from './mask.js';
import { pseudonymize } from './pseudonymize.js';
import { toSpans } from './spans.js';
import { createSynthesizer, type Synthesizer } from './synthesize.js';
import {
  operatorSpecSchema,
  type AnonymizeOptions,
  type AnonymizeResult,
  type AppliedOperation,
  type OperatorMap,
  type OperatorName,
  type OperatorSpec,
} from './types.js';

type Operator = (type: string, value: string) => string;

/** Resolved, validated operators for one anonymisation; build once and reuse across records. */
export interface Anonymizer {
  anonymize(text: string, findings: readonly Finding[]): AnonymizeResult;
}

/**
 * Builds an anonymizer: validates the operator map, and fails closed when `hash` or `pseudonymize`
 * is asked for without a key. A synthesizer built here keeps replacements coherent across calls.
 */
export function createAnonymizer(options: AnonymizeOptions = {}): Anonymizer {
  const specs = parseOperators(options.operators ?? {});
  const keyed = [...specs.values()].find((s) => s.operator === 'hash' || s.operator === 'pseudonymize');
  const key = keyed ? toKey(options.key, keyed.operator) : undefined;
  const scope = options.scope ?? '';
  let synthesizer: Synthesizer | undefined;
  const operators = new Map<string, Operator>();
  for (const [type, spec] of specs) operators.set(type, compile(spec));

  function compile(spec: NormalSpec): Operator {
    switch (spec.operator) {
      case 'redact':
        return (type) => spec.label ?? `[${type}]`;
      case 'keep':
        return (_type, value) => value;
      case 'mask':
        return (_type, value) => mask(value, spec);
      case 'hash':
        return (type, value) => hashValue(key!, type, value, spec.length);
      case 'pseudonymize':
        return (type, value) => pseudonymize(key!, scope, type, value);
      case 'synthesize':
        synthesizer ??= createSynthesizer(options.seed);
        return (type, value) => synthesizer!.synthesize(type, value);
    }
  }

  const fallback = operators.get('DEFAULT') ?? compile({ operator: 'redact' });
  const nameOf = (type: string): OperatorName =>
    (specs.get(type) ?? specs.get('DEFAULT') ?? { operator: 'redact' }).operator;

  return {
    anonymize(text, findings) {
      const pieces: string[] = [];
      const operations: AppliedOperation[] = [];
      let cursor = 0;
      let outLength = 0;
      // Built left to right from the source offsets, which never move, so every finding's offsets
      // stay valid whatever the replacements' lengths.
      for (const span of toSpans(text, findings)) {
        const before = text.slice(cursor, span.start);
        const replacement = (operators.get(span.type) ?? fallback)(
          span.type,
          text.slice(span.start, span.end),
        );
        pieces.push(before, replacement);
        outLength += before.length;
        operations.push({
          type: span.type,
          start: outLength,
          end: outLength + replacement.length,
          operator: nameOf(span.type),
        });
        outLength += replacement.length;
        cursor = span.end;
      }
      pieces.push(text.slice(cursor));
      return { text: pieces.join(''), operations };
    },
  };
}

/**
 * Replaces each finding in `text` with its operator's output.
 * @example anonymize('mail ana@example.com', scan('mail ana@example.com')).text // 'mail [EMAIL]'
 */
export function anonymize(
  text: string,
  findings: readonly Finding[],
  options: AnonymizeOptions = {},
): AnonymizeResult {
  return createAnonymizer(options).anonymize(text, findings);
}

type NormalSpec = Exclude<OperatorSpec, string>;

function parseOperators(map: OperatorMap): Map<string, NormalSpec> {
  const specs = new Map<string, NormalSpec>();
  for (const [type, raw] of Object.entries(map)) {
    const parsed = operatorSpecSchema.safeParse(raw);
    if (!parsed.success) {
      throw new BulwarkError('CONFIG_INVALID', {
        message: `The operator for ${JSON.stringify(type).slice(0, 70)} is not valid.`,
        details: { field: `operators.${type}`, issues: parsed.error.issues.map((i) => i.message) },
      });
    }
    const spec = parsed.data;
    specs.set(type, typeof spec === 'string' ? { operator: spec } : spec);
  }
  return specs;
}
