// Documentation and templates are full of credential-shaped filler. These checks run on every candidate
// secret after its rule matched; they look only at the value, so a real key is never dropped for its context.

const TEMPLATE = [
  /^\$\{[^}]{1,128}\}$/, // ${VAR}
  /^\$\(.{1,128}\)$/, // $(command)
  /^\$[A-Za-z_][A-Za-z0-9_]{0,127}$/, // $VAR
  /^%[A-Za-z_][A-Za-z0-9_]{0,127}%$/, // %VAR%
  /^\{\{.{0,128}\}\}$/, // {{ template }}
  /^<[^<>]{1,128}>$/, // <your-key>
  /^\[[^[\]]{1,128}\]$/, // [API_KEY]
  /^@[A-Za-z_]{1,64}@$/, // @TOKEN@
  /^\$\{?\d{1,3}\}?$/, // $1, ${1}
  /^(?:true|false|null|none|undefined|nil)$/i,
  /^\/(?:Users|home|bin|etc|opt|tmp|usr|var)\/[\w ./-]{1,256}$/, // file system paths
];

const WORDS_PATTERN =
  /example|changeme|change_me|placeholder|your[_-]?(?:api|secret|access|auth|token|key|pass|own)|redacted|dummy|insert[_-]?(?:your|here)|replace[_-]?(?:me|with)|abc123|xxxxxx|\*\*\*\*|\.\.\.|…|<|>|000000/i;

const ALNUM_CHAR = /[a-z0-9]/;

/** Every regex the placeholder filter runs, for the ReDoS audit. */
export const placeholderPatterns: readonly RegExp[] = [...TEMPLATE, WORDS_PATTERN, ALNUM_CHAR];

const SEQUENCE_RUN = 6;

/**
 * True for an all-same-character value, or one holding a run of 6 consecutive letters or digits
 * (`abcdef`, `klmnop`, `456789`): random keys almost never contain one, hand-typed samples often do.
 */
function isSequential(value: string): boolean {
  const v = value.toLowerCase();
  if (v.length >= 3 && v.split('').every((c) => c === v[0])) return true;
  let run = 1;
  for (let i = 1; i < v.length; i++) {
    const step = v.charCodeAt(i) - v.charCodeAt(i - 1);
    const alnum = ALNUM_CHAR.test(v[i] ?? '') && ALNUM_CHAR.test(v[i - 1] ?? '');
    run = step === 1 && alnum ? run + 1 : 1;
    if (run >= SEQUENCE_RUN) return true;
  }
  return false;
}

/**
 * True when a candidate secret is a placeholder, template variable or documentation filler rather than a
 * credential: `${VAR}`, `<your-key>`, `{{ token }}`, `changeme`, `xxxxxx`, `example`, all-same-char and
 * values with a sequential run. Provider prefixes are stripped first so `sk_live_xxxxxxxx` counts as filler.
 */
export function isPlaceholder(secret: string, prefix = ''): boolean {
  const body = prefix && secret.startsWith(prefix) ? secret.slice(prefix.length) : secret;
  if (TEMPLATE.some((re) => re.test(secret) || re.test(body))) return true;
  if (isSequential(body)) return true;
  return WORDS_PATTERN.test(body);
}
