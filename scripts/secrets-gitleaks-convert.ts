/**
 * Converts gitleaks' rule set (RE2 syntax, MIT licensed, see NOTICE) into
 * src/detect/secrets/gitleaks-rules.generated.ts.
 *
 *   npx node scripts/secrets-gitleaks-convert.ts [path/to/gitleaks.toml]
 *
 * What it translates: a leading `(?i)` becomes the `i` flag; scoped `(?i:…)`/`(?-i:…)` and mid-pattern
 * `(?i)` are expanded into explicit case classes; `(?s:.)` becomes `[\s\S]`; `(?P<n>` becomes `(?<n>`;
 * `\z`/`\A` become `$`/`^`; POSIX classes are spelled out; literal braces and brackets are escaped; and
 * every unbounded quantifier (`+`, `*`, `{n,}`) is capped so the ReDoS audit can accept the pattern.
 * Rules written with gitleaks' "identifier … operator … value" template are split into their name and
 * value parts, which the secret engine runs anchored at keyword hits instead of over the whole text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { parse } from 'smol-toml';

const SOURCE = process.argv[2] ?? '../shared/datasets/secrets/gitleaks/gitleaks.toml';
const TARGET = 'src/detect/secrets/gitleaks-rules.generated.ts';
const CAP = 256;
const LONG_CAP = 4096;
// Allowlists test short strings (a secret, a match, a line): a tighter cap keeps their audit cheap.
const ALLOW_CAP = 64;

type Pattern = [source: string, flags: string];

interface Frame {
  ci: boolean;
  dotall: boolean;
}

const LETTER = /[a-zA-Z]/;

function swapCase(c: string): string {
  return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

/** Reads an RE2 character class starting at `[`; returns its JS spelling and the index after it. */
function readClass(src: string, at: number, ci: boolean): [string, number] {
  let i = at + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  const extra: string[] = [];
  let first = true;
  while (i < src.length && (src[i] !== ']' || first)) {
    const c = src[i] ?? '';
    first = false;
    if (c === '[' && src.startsWith('[:', i)) {
      const end = src.indexOf(':]', i);
      const name = src.slice(i + 2, end);
      const posix: Record<string, string> = {
        alnum: 'a-zA-Z0-9',
        alpha: 'a-zA-Z',
        digit: '0-9',
        xdigit: '0-9a-fA-F',
        upper: 'A-Z',
        lower: 'a-z',
        space: '\\s',
      };
      const spelled = posix[name];
      if (spelled === undefined) throw new Error(`unknown POSIX class ${name}`);
      out += spelled;
      i = end + 2;
      continue;
    }
    if (c === '\\') {
      out += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === ']' || c === '[') {
      out += '\\' + c;
      i++;
      continue;
    }
    const next = src[i + 1];
    const to = src[i + 2];
    if (next === '-' && to !== undefined && to !== ']') {
      out += c + '-' + to;
      if (ci && /[a-z]/.test(c) && /[a-z]/.test(to)) extra.push(`${c.toUpperCase()}-${to.toUpperCase()}`);
      if (ci && /[A-Z]/.test(c) && /[A-Z]/.test(to)) extra.push(`${c.toLowerCase()}-${to.toLowerCase()}`);
      i += 3;
      continue;
    }
    out += c;
    if (ci && LETTER.test(c)) extra.push(swapCase(c));
    i++;
  }
  return [out + extra.join('') + ']', i + 1];
}

/** Translates one RE2 pattern to a JavaScript source and flags. */
export function translate(re2: string, cap = CAP): Pattern {
  let src = re2;
  let flags = '';
  const scoped = /\(\?-?i[:)]|\(\?s:/.test(src.replace(/^\(\?i\)/, ''));
  if (src.startsWith('(?i)') && !scoped) {
    flags = 'i';
    src = src.slice(4);
  }
  const expand = flags === '';
  const stack: Frame[] = [{ ci: false, dotall: false }];
  let out = '';
  let i = 0;
  const top = (): Frame => stack[stack.length - 1] ?? { ci: false, dotall: false };
  while (i < src.length) {
    const c = src[i] ?? '';
    const frame = top();
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      out += e === 'z' ? '$' : e === 'A' ? '^' : '\\' + e;
      i += 2;
      continue;
    }
    if (c === '[') {
      const [cls, next] = readClass(src, i, expand && frame.ci);
      out += cls;
      i = next;
      continue;
    }
    if (c === '(') {
      const rest = src.slice(i);
      const mod = /^\(\?(-?)([is]+)([:)])/.exec(rest);
      if (mod) {
        const on = mod[1] !== '-';
        const next: Frame = { ...frame };
        if (mod[2]?.includes('i')) next.ci = on;
        if (mod[2]?.includes('s')) next.dotall = on;
        if (mod[3] === ')') {
          stack[stack.length - 1] = next;
        } else {
          stack.push(next);
          out += '(?:';
        }
        i += mod[0].length;
        continue;
      }
      stack.push({ ...frame });
      if (rest.startsWith('(?P<')) {
        out += '(?<';
        i += 4;
      } else {
        out += '(';
        i += 1;
      }
      continue;
    }
    if (c === ')') {
      stack.pop();
      out += ')';
      i++;
      continue;
    }
    if (c === '.') {
      out += frame.dotall ? '[\\s\\S]' : '.';
      i++;
      continue;
    }
    if (c === '+' || c === '*') {
      out += c === '+' ? `{1,${cap}}` : `{0,${cap}}`;
      i++;
      continue;
    }
    if (c === '{') {
      const q = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (q) {
        const min = Number(q[1]);
        out += q[2] !== undefined && q[3] === '' ? `{${min},${min >= 100 ? LONG_CAP : cap}}` : q[0];
        i += q[0].length;
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    if (c === '}' || c === ']') {
      out += '\\' + c;
      i++;
      continue;
    }
    if (expand && frame.ci && LETTER.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  const checked = new RegExp(out, flags);
  void checked;
  return [out, flags];
}

// gitleaks' "semi-generic" template: identifier, up to 20 filler chars, an assignment operator, value.
const TEMPLATE_HEAD = String.raw`[\w.-]{0,50}?(?:`;
const TEMPLATE_OPERATOR = String.raw`(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}(`;
const TEMPLATE_TAIL = String.raw`)(?:[\x60'"\s;]|\\[nr]|$)`;

interface Split {
  /** Case-insensitive name; the value may differ when only the name sits inside `(?i:…)`. */
  ci: boolean;
  valueCi: boolean;
  name: string;
  value: string;
}

/** Recognises the template (plain or inside `(?i:…)`); returns the RE2 name and value parts. */
function splitTemplate(re2: string): Split | undefined {
  let body = re2;
  let ci = false;
  if (body.startsWith('(?i)')) {
    ci = true;
    body = body.slice(4);
  }
  const wrapped = `${TEMPLATE_HEAD.slice(0, -3)}(?i:${TEMPLATE_HEAD}`;
  if (body.startsWith(wrapped)) {
    // `[\w.-]{0,50}?(?i:[\w.-]{0,50}?(?:NAME)(?:[ \t\w.-]{0,20})[\s'"]{0,3})(?:=|…)…(VALUE)TAIL`
    const op = String.raw`(?:[ \t\w.-]{0,20})[\s'"]{0,3})(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}(`;
    const at = body.indexOf(op);
    if (at < 0 || !body.endsWith(TEMPLATE_TAIL)) return undefined;
    const name = body.slice(wrapped.length, at - 1);
    const value = body.slice(at + op.length, -TEMPLATE_TAIL.length);
    return { ci: true, valueCi: ci, name, value };
  }
  if (!body.startsWith(TEMPLATE_HEAD) || !body.endsWith(TEMPLATE_TAIL)) return undefined;
  const at = body.indexOf(TEMPLATE_OPERATOR);
  if (at < 0) return undefined;
  const name = body.slice(TEMPLATE_HEAD.length, at - 1);
  const value = body.slice(at + TEMPLATE_OPERATOR.length, -TEMPLATE_TAIL.length);
  return { ci, valueCi: ci, name, value };
}

/** True when every group opened in the RE2 fragment closes inside it (classes and escapes skipped). */
function balanced(re2: string): boolean {
  let depth = 0;
  for (let i = 0; i < re2.length; i++) {
    const c = re2[i];
    if (c === '\\') i++;
    else if (c === '[') i = readClass(re2, i, false)[1] - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function withCase(re2: string, ci: boolean): Pattern {
  return translate(ci ? `(?i)${re2}` : re2);
}

interface TomlAllow {
  regexTarget?: string;
  regexes?: string[];
  stopwords?: string[];
  paths?: string[];
  condition?: string;
}

interface TomlRule {
  id: string;
  description?: string;
  regex?: string;
  entropy?: number;
  keywords?: string[];
  secretGroup?: number;
  path?: string;
  allowlists?: TomlAllow[];
}

/**
 * Splits `(?i)(?:a|b|(?-i:c)|…)` into one case-insensitive regex of the plain alternatives plus one regex
 * per alternative with scoped case rules: the same language, but far smaller automata for the audit.
 */
function splitAlternation(re2: string): string[] {
  const match = /^\(\?i\)\(\?:([\s\S]*)\)$/.exec(re2);
  if (!match?.[1]) return [re2];
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  const body = match[1];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') i = readClass(body, i, false)[1] - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  if (depth !== 0 || parts.length < 2) return [re2];
  const plain = parts.filter((p) => !p.includes('(?-i:'));
  const scoped = parts.filter((p) => p.includes('(?-i:'));
  return [`(?i)(?:${plain.join('|')})`, ...scoped.map((p) => `(?i)${p}`)];
}

function convertAllow(allow: TomlAllow): Record<string, unknown> | undefined {
  // Path-based allowlists do not apply to text without a file name; an AND with paths never holds.
  if (allow.paths && (allow.condition === 'AND' || (!allow.regexes && !allow.stopwords))) return undefined;
  const out: Record<string, unknown> = { target: allow.regexTarget ?? 'secret' };
  // Literal regexes (documented example keys) become stopwords: no regex to run or audit.
  const target = allow.regexTarget ?? 'secret';
  const isLiteral = (re: string): boolean => target === 'secret' && /^[\w-]+$/.test(re);
  const regexes = (allow.regexes ?? []).filter((re) => !isLiteral(re));
  const stopwords = [...(allow.stopwords ?? []), ...(allow.regexes ?? []).filter(isLiteral)];
  if (regexes.length > 0)
    out.regexes = regexes.flatMap(splitAlternation).map((re) => translate(re, ALLOW_CAP));
  if (stopwords.length > 0) out.stopwords = stopwords.map((w) => w.toLowerCase());
  return out;
}

const toml = parse(readFileSync(SOURCE, 'utf8')) as unknown as {
  allowlist: TomlAllow;
  rules: TomlRule[];
};

const rules: Record<string, unknown>[] = [];
const skipped: string[] = [];
for (const rule of toml.rules) {
  if (rule.regex === undefined || rule.path !== undefined) {
    skipped.push(rule.id); // file-name rules (pkcs12, terraform, nuget, k8s manifests) need a path
    continue;
  }
  const out: Record<string, unknown> = {
    id: rule.id,
    description: rule.description ?? '',
    keywords: (rule.keywords ?? []).map((k) => k.toLowerCase()),
  };
  const split = splitTemplate(rule.regex);
  if (split && balanced(split.name) && balanced(split.value)) {
    // A plain list of names that are all keywords needs no regex: the keyword hit is the name.
    const literal = /^[\w-]+(?:\|[\w-]+)*$/.test(split.name) && split.ci;
    const keywords = (rule.keywords ?? []).map((k) => k.toLowerCase());
    if (!literal || !split.name.split('|').every((n) => keywords.includes(n.toLowerCase()))) {
      out.name = withCase(split.name, split.ci);
    }
    out.value = withCase(split.value, split.valueCi);
  } else {
    out.pattern = translate(rule.regex);
    if (rule.secretGroup !== undefined) out.group = rule.secretGroup;
  }
  if (rule.entropy !== undefined) out.entropy = rule.entropy;
  const allows = (rule.allowlists ?? []).map(convertAllow).filter((a) => a !== undefined);
  if (allows.length > 0) out.allow = allows;
  rules.push(out);
}

// The global allowlist's regexes (template variables, filler, system paths) are covered by
// src/detect/secrets/placeholder.ts, which runs on every candidate; only its stopwords carry over.
const globalAllow = convertAllow({ stopwords: toml.allowlist.stopwords ?? [] });
const banner = `// Generated by scripts/secrets-gitleaks-convert.ts from gitleaks' config/gitleaks.toml (MIT, see NOTICE).
// Do not edit by hand: fix the converter or patch the rule in catalog.ts, then regenerate.
import type { GitleaksAllow, GitleaksRule } from './gitleaks-types.js';
`;
const body = `${banner}
/** gitleaks' global stopwords (its global regexes are covered by placeholder.ts). */
export const gitleaksGlobalAllow: GitleaksAllow = ${JSON.stringify(globalAllow, null, 1)};

/** gitleaks' rules translated to JavaScript regex syntax (${rules.length} rules). */
export const gitleaksRules: readonly GitleaksRule[] = ${JSON.stringify(rules, null, 1)};
`;
const prettierOptions = (await resolveConfig(TARGET)) ?? {};
writeFileSync(TARGET, await format(body, { ...prettierOptions, filepath: TARGET }));
console.log(`wrote ${rules.length} rules to ${TARGET}; skipped ${skipped.length}: ${skipped.join(', ')}`);
