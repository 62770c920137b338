import { shannonEntropy } from './entropy.js';
import { KeywordIndex, type KeywordHit } from './keyword-index.js';
import { passwordPatterns } from './passwords.js';
import { isPlaceholder, placeholderPatterns } from './placeholder.js';
import { validatorPatterns } from './validators.js';
import { keywordOffset, matchShape, parseShape, type Shape } from './shape.js';
import type { Allow, SecretRuleDefinition } from './rule.js';

/** One secret found by a rule; offsets are UTF-16 indices of the secret value (not the variable name). */
export interface SecretMatch {
  rule: SecretRuleDefinition;
  start: number;
  end: number;
  score: number;
}

interface Compiled {
  def: SecretRuleDefinition;
  /** A token shape matched at each keyword hit (minus the keyword's offset) instead of `pattern`. */
  shape?: Shape;
  shapeOffsets?: Map<string, number>;
  pattern?: RegExp;
  name?: RegExp;
  valueShape?: Shape;
  value?: RegExp;
  /** What separates name and value; gitleaks' assignment grammar unless the rule brings its own. */
  operator: RegExp;
  before: number;
  after: number;
}

interface Candidate {
  rule: Compiled;
  start: number;
  end: number;
  matchStart: number;
  matchEnd: number;
}

/**
 * The operator between a key-like name and its value, after gitleaks' template: up to 20 filler chars
 * (`_KEY`, ` id`), optional quotes, then `=`, `:`, `:=`, `=>`, `||`, `?=`, `>` or `,`, then opening quotes.
 */
export const ASSIGNMENT_OPERATOR = /[ \t\w.-]{0,20}[\s'"]{0,3}(?:=>|:{1,3}=|\|\||\?=|[=>:,])[`'"\s=]{0,5}/y;
/** What may follow a value: a quote, whitespace, `;`, an escaped newline, or the end. */
const VALUE_END = String.raw`(?=[\x60'"\s;]|\\[nr]|$)`;
const IDENTIFIER_CHAR = /[\w.-]/;
const UPPER_RUN = /[A-Z]+/g;
const DEFAULT_BEFORE = 256;
const DEFAULT_AFTER = 1024;
const LINE_CAP = 2048;
// How far from a keyword a name pattern is searched when the keyword is not the name itself.
const NAME_REACH = 96;

function withFlags(re: RegExp, add: string): RegExp {
  const flags = [...new Set((re.flags.replace(/[gy]/g, '') + add).split(''))].join('');
  return new RegExp(re.source, flags);
}

function compile(def: SecretRuleDefinition): Compiled {
  const out: Compiled = {
    def,
    before: def.before ?? DEFAULT_BEFORE,
    after: def.after ?? DEFAULT_AFTER,
    operator: def.operator ? withFlags(def.operator, 'y') : ASSIGNMENT_OPERATOR,
  };
  if (def.pattern) {
    const shape = def.group === undefined ? parseShape(def.pattern.source, def.pattern.flags) : undefined;
    const offsets = new Map(def.keywords.map((k) => [k, shape ? keywordOffset(shape, k) : -1]));
    if (shape && [...offsets.values()].every((o) => o >= 0)) {
      out.shape = shape;
      out.shapeOffsets = offsets;
    } else out.pattern = withFlags(def.pattern, def.sticky ? 'yd' : 'gd');
  }
  if (def.name) out.name = withFlags(def.name, def.nameAtKeyword ? 'y' : 'g');
  const valueShape = def.value ? parseShape(def.value.source, def.value.flags) : undefined;
  if (valueShape) out.valueShape = { ...valueShape, end: 'term' };
  else if (def.value) {
    out.value = new RegExp(`(?:${def.value.source})${VALUE_END}`, def.value.flags.replace(/[gy]/g, '') + 'y');
  }
  if (!out.pattern && !out.shape && !out.value && !out.valueShape)
    throw new Error(`secret rule ${def.id} has neither pattern nor name/value`);
  return out;
}

/** Lower-cases ASCII letters only, so offsets stay those of the original text. */
function asciiLower(text: string, lower: string | undefined): string {
  if (lower !== undefined && lower.length === text.length) return lower;
  return text.replace(UPPER_RUN, (s) => s.toLowerCase());
}

function mergeWindows(
  positions: readonly number[],
  before: number,
  after: number,
  n: number,
): [number, number][] {
  const out: [number, number][] = [];
  for (const p of positions) {
    const start = Math.max(0, p - before);
    const end = Math.min(n, p + after);
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

function lineAround(text: string, start: number, end: number): string {
  const from = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - LINE_CAP);
  const newline = text.indexOf('\n', end);
  const to = Math.min(newline === -1 ? text.length : newline, end + LINE_CAP);
  return text.slice(from, to);
}

function allowed(allows: readonly Allow[], secret: string, text: string, c: Candidate): boolean {
  for (const a of allows) {
    if (a.stopwords.length > 0) {
      const lower = secret.toLowerCase();
      if (a.stopwords.some((w) => lower.includes(w))) return true;
    }
    if (a.regexes.length === 0) continue;
    const target =
      a.target === 'secret'
        ? secret
        : a.target === 'match'
          ? text.slice(c.matchStart, c.matchEnd)
          : lineAround(text, c.matchStart, c.matchEnd);
    if (a.regexes.some((re) => re.test(target))) return true;
  }
  return false;
}

/**
 * Runs many secret rules over a text in one pass: a keyword index finds where any rule's keyword
 * occurs, and only those rules run, only near those places. Template rules match name, operator and
 * value anchored at each hit; pattern rules run over merged windows around the hits.
 */
export class SecretScanner {
  private readonly rules: Compiled[];
  private readonly index: KeywordIndex;

  constructor(
    definitions: readonly SecretRuleDefinition[],
    private readonly globalAllow: readonly Allow[] = [],
  ) {
    this.rules = definitions.map(compile);
    this.index = new KeywordIndex(definitions.map((d) => d.keywords));
  }

  /** Every regex this scanner may run, for the ReDoS audit. */
  get patterns(): RegExp[] {
    const all = [
      ASSIGNMENT_OPERATOR,
      IDENTIFIER_CHAR,
      UPPER_RUN,
      ...placeholderPatterns,
      ...passwordPatterns,
      ...validatorPatterns,
    ];
    for (const r of this.rules) {
      for (const re of [r.pattern, r.name, r.value, r.operator]) if (re) all.push(re);
      for (const a of r.def.allow ?? []) all.push(...a.regexes);
    }
    for (const a of this.globalAllow) all.push(...a.regexes);
    const seen = new Set<string>();
    return all.filter((re) => {
      const key = `${re.flags}/${re.source}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  get definitions(): SecretRuleDefinition[] {
    return this.rules.map((r) => r.def);
  }

  /** Finds secrets in `text`; `lower` is its lower-cased form when the caller already has it. */
  scan(text: string, lower?: string): SecretMatch[] {
    const hitsByRule = new Map<number, KeywordHit[]>();
    for (const hit of this.index.find(asciiLower(text, lower))) {
      for (const r of hit.rules) {
        const list = hitsByRule.get(r);
        if (list) list.push(hit);
        else hitsByRule.set(r, [hit]);
      }
    }
    const best = new Map<string, SecretMatch>();
    for (const [r, hits] of hitsByRule) {
      const rule = this.rules[r];
      if (!rule) continue;
      const candidates =
        rule.value || rule.valueShape
          ? this.assignments(rule, text, hits)
          : rule.shape
            ? this.shapes(rule, rule.shape, text, hits)
            : rule.def.sticky
              ? this.anchored(rule, text, hits)
              : this.windows(rule, text, hits);
      for (const c of candidates) {
        const match = this.judge(c, text);
        if (!match) continue;
        const key = `${match.start}:${match.end}`;
        const prev = best.get(key);
        if (!prev || match.score > prev.score) best.set(key, match);
      }
    }
    return [...best.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** Where each assigned name ends: at the keyword itself, or at `name` matches near the keyword. */
  private names(rule: Compiled, text: string, hits: readonly KeywordHit[]): [start: number, end: number][] {
    const { name } = rule;
    if (!name) return hits.map((h) => [h.at, h.at + h.keyword.length]);
    if (rule.def.nameAtKeyword) {
      return hits.flatMap((h): [number, number][] => {
        name.lastIndex = h.at;
        const m = name.exec(text);
        return m ? [[h.at, h.at + m[0].length]] : [];
      });
    }
    const out: [number, number][] = [];
    const windows = mergeWindows(
      hits.map((h) => h.at),
      NAME_REACH,
      NAME_REACH,
      text.length,
    );
    for (const [ws, we] of windows) {
      const slice = text.slice(ws, we);
      name.lastIndex = 0;
      for (let m = name.exec(slice); m !== null; m = name.exec(slice)) {
        if (m[0].length === 0) name.lastIndex++;
        else out.push([ws + m.index, ws + m.index + m[0].length]);
      }
    }
    return out;
  }

  private shapes(rule: Compiled, shape: Shape, text: string, hits: readonly KeywordHit[]): Candidate[] {
    const out: Candidate[] = [];
    for (const hit of hits) {
      const at = hit.at - (rule.shapeOffsets?.get(hit.keyword) ?? 0);
      const end = at >= 0 ? matchShape(shape, text, at) : -1;
      if (end > at) out.push({ rule, start: at, end, matchStart: at, matchEnd: end });
    }
    return out;
  }

  /** Sticky patterns: matched exactly at the keyword's start or end, no search. */
  private anchored(rule: Compiled, text: string, hits: readonly KeywordHit[]): Candidate[] {
    const out: Candidate[] = [];
    const re = rule.pattern;
    if (!re) return out;
    for (const hit of hits) {
      re.lastIndex = rule.def.sticky === 'end' ? hit.at + hit.keyword.length : hit.at;
      const m = re.exec(text);
      if (m) out.push(...this.candidate(rule, m, 0));
    }
    return out;
  }

  /** The secret's span from a regex match: `group`, else the first group that matched, else all. */
  private candidate(rule: Compiled, m: RegExpExecArray, offset: number): Candidate[] {
    if (m[0].length === 0) return [];
    let group = rule.def.group ?? 0;
    if (rule.def.group === undefined) {
      for (let g = 1; g < m.length; g++) {
        if (m[g]) {
          group = g;
          break;
        }
      }
    }
    const span = m.indices?.[group];
    if (!span) return [];
    const matchStart = offset + m.index;
    return [
      {
        rule,
        start: offset + span[0],
        end: offset + span[1],
        matchStart,
        matchEnd: matchStart + m[0].length,
      },
    ];
  }

  private valueEnd(rule: Compiled, text: string, start: number): number {
    if (rule.valueShape) return matchShape(rule.valueShape, text, start);
    const { value } = rule;
    if (!value) return -1;
    value.lastIndex = start;
    const v = value.exec(text);
    return v ? start + v[0].length : -1;
  }

  private assignments(rule: Compiled, text: string, hits: readonly KeywordHit[]): Candidate[] {
    const out: Candidate[] = [];
    for (const [at, nameEnd] of this.names(rule, text, hits)) {
      const { operator } = rule;
      operator.lastIndex = nameEnd;
      if (!operator.exec(text)) continue;
      const start = operator.lastIndex;
      const end = this.valueEnd(rule, text, start);
      if (end <= start) continue;
      let matchStart = at;
      while (matchStart > 0 && at - matchStart < 50 && IDENTIFIER_CHAR.test(text[matchStart - 1] ?? ''))
        matchStart--;
      out.push({ rule, start, end, matchStart, matchEnd: end });
    }
    return out;
  }

  private windows(rule: Compiled, text: string, hits: readonly KeywordHit[]): Candidate[] {
    const out: Candidate[] = [];
    const re = rule.pattern;
    if (!re) return out;
    const positions = hits.map((h) => h.at);
    for (const [ws, we] of mergeWindows(positions, rule.before, rule.after, text.length)) {
      const slice = text.slice(ws, we);
      re.lastIndex = 0;
      for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (we < text.length && ws + m.index + m[0].length >= we) continue; // cut by the window
        out.push(...this.candidate(rule, m, ws));
      }
    }
    return out;
  }

  private judge(c: Candidate, text: string): SecretMatch | undefined {
    const def = c.rule.def;
    const secret = text.slice(c.start, c.end);
    if (secret.length === 0) return undefined;
    if (!def.keepPlaceholders && isPlaceholder(secret, def.prefix)) return undefined;
    if (def.entropy !== undefined && shannonEntropy(secret) <= def.entropy) return undefined;
    if (allowed(this.globalAllow, secret, text, c)) return undefined;
    if (def.allow && allowed(def.allow, secret, text, c)) return undefined;
    if (def.validate && !def.validate(secret)) return undefined;
    const base = def.score ?? (def.value ? 0.8 : 0.9);
    const score = def.checksum?.(secret) ? 0.99 : base;
    return { rule: def, start: c.start, end: c.end, score };
  }
}
