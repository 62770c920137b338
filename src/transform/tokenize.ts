import type { Finding } from '../core/index.js';
import { restore, type TokenMapping } from './restorer.js';
import { toSpans } from './spans.js';
import { createSynthesizer } from './synthesize.js';
import type { AppliedOperation } from './types.js';

/** `placeholder`: `[PERSON_1]`; `surrogate`: a realistic fake value the model reads naturally. */
export type TokenStyle = 'placeholder' | 'surrogate';

export interface TokenizeOptions {
  /** Default 'placeholder'. */
  style?: TokenStyle;
  /** The mapping from earlier turns of the same conversation, so a value keeps its token. */
  mapping?: TokenMapping;
  /** Seed for surrogates. Default: random. */
  seed?: number;
}

export interface TokenizeResult {
  text: string;
  /** Surrogate → original, earlier entries included. Store it encrypted: it holds the originals. */
  mapping: Record<string, string>;
  operations: AppliedOperation[];
  /**
   * True when `restore(text, mapping)` gives back the input exactly. False only when the input
   * already contained a surrogate of the given mapping as literal text.
   */
  exact: boolean;
}

const PLACEHOLDER = /^\[([A-Z][A-Z0-9_]*)_(\d+)\]$/;

/**
 * Replaces each finding with a stable token: the same value gets the same token within a mapping.
 * Reverse it with `restore` or, on a stream, `createRestorer`.
 * @example tokenize('Ana called', findings).text // '[PERSON_1] called'
 */
export function tokenize(
  text: string,
  findings: readonly Finding[],
  options: TokenizeOptions = {},
): TokenizeResult {
  const spans = toSpans(text, findings);
  if ((options.style ?? 'placeholder') === 'surrogate') {
    const result = build(text, spans, options, true);
    if (result.exact) return result;
    // A surrogate collided with the text around it; placeholders cannot.
  }
  return build(text, spans, options, false);
}

function build(
  text: string,
  spans: ReturnType<typeof toSpans>,
  options: TokenizeOptions,
  surrogates: boolean,
): TokenizeResult {
  const mapping = new Map(Object.entries(options.mapping ?? {}));
  const tokenOf = new Map<string, string>();
  const counters = new Map<string, number>();
  for (const [token, original] of mapping) {
    tokenOf.set(original, token);
    const m = PLACEHOLDER.exec(token);
    if (m) counters.set(m[1]!, Math.max(counters.get(m[1]!) ?? 0, Number(m[2])));
  }
  const synthesizer = surrogates ? createSynthesizer(options.seed) : undefined;

  const usable = (candidate: string): boolean =>
    candidate.length > 0 &&
    !text.includes(candidate) &&
    ![...mapping.keys()].some((k) => k.startsWith(candidate) || candidate.startsWith(k));

  function mint(type: string, value: string): string {
    if (synthesizer) {
      const candidate = synthesizer.synthesize(type, value);
      if (usable(candidate)) return candidate;
    }
    const label = type.replace(/[^A-Z0-9_]/gi, '_').toUpperCase() || 'ENTITY';
    let n = counters.get(label) ?? 0;
    let candidate: string;
    do candidate = `[${label}_${++n}]`;
    while (!usable(candidate));
    counters.set(label, n);
    return candidate;
  }

  const pieces: string[] = [];
  const operations: AppliedOperation[] = [];
  let cursor = 0;
  let outLength = 0;
  for (const span of spans) {
    const value = text.slice(span.start, span.end);
    let token = tokenOf.get(value);
    if (token === undefined) {
      token = mint(span.type, value);
      mapping.set(token, value);
      tokenOf.set(value, token);
    }
    const before = text.slice(cursor, span.start);
    pieces.push(before, token);
    outLength += before.length;
    operations.push({
      type: span.type,
      start: outLength,
      end: outLength + token.length,
      operator: 'tokenize',
    });
    outLength += token.length;
    cursor = span.end;
  }
  pieces.push(text.slice(cursor));
  const out = pieces.join('');
  return {
    text: out,
    mapping: Object.fromEntries(mapping),
    operations,
    exact: restore(out, mapping) === text,
  };
}
