/**
 * A deterministic mixed corpus for the detection bench: prose, code, config and chat, with PII and
 * secrets sprinkled in. Secrets are assembled at run time from parts so no credential-shaped literal
 * sits in the repository.
 */

/** mulberry32: a tiny seeded PRNG, so every run scans the same bytes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = UPPER + 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function chars(r: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

const WORDS = (
  'the a of and to in is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there would their we him been has when who will more no if out so said what up its ' +
  'about into than them can only other new some could time these two may then do first any my now such like ' +
  'our over man me even most made after also did many before must through back years where much your way ' +
  'report quarterly revenue customer support ticket deployment service request model prompt response policy'
).split(' ');
const FIRST = ['Ana', 'Liam', 'Sofia', 'Noah', 'Mia', 'Lucas', 'Emma', 'Jonas', 'Chloe', 'Mateo'];
const LAST = [
  'Lopez',
  'Müller',
  'Smith',
  'Rossi',
  'Dubois',
  'Garcia',
  'Novak',
  'Kowalski',
  'Brown',
  'Jensen',
];
const CITIES = ['Berlin', 'Madrid', 'Chicago', 'Lyon', 'Toronto', 'Sydney', 'Osaka', 'Milan'];

/** Sensitive values of several kinds, built fresh each call. */
function sensitive(r: () => number): string {
  const n = Math.floor(r() * 8);
  switch (n) {
    case 0:
      return `${pick(r, FIRST).toLowerCase()}.${pick(r, LAST).toLowerCase()}@example.com`;
    case 1:
      return `+1 (415) 555-${String(100 + Math.floor(r() * 899)).padStart(4, '0')}`;
    case 2:
      return '4111 1111 1111 1111';
    case 3:
      return `${100 + Math.floor(r() * 500)}-${10 + Math.floor(r() * 80)}-${1000 + Math.floor(r() * 8000)}`;
    case 4:
      return ['AK', 'IA'].join('') + chars(r, UPPER + '234567', 16);
    case 5:
      return ['gh', 'p_'].join('') + chars(r, ALNUM, 36);
    case 6:
      return `10.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
    default:
      return 'DE89 3704 0044 0532 0130 00';
  }
}

function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, WORDS));
  if (r() < 0.3) words.splice(Math.floor(r() * n), 0, `${pick(r, FIRST)} ${pick(r, LAST)}`);
  if (r() < 0.15) words.splice(Math.floor(r() * n), 0, `in ${pick(r, CITIES)}`);
  if (r() < 0.12) words.push(sensitive(r));
  const s = words.join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
}

const KINDS = ['prose', 'code', 'config', 'chat'] as const;

function block(r: () => number, kind: (typeof KINDS)[number]): string {
  switch (kind) {
    case 'prose':
      return Array.from({ length: 3 + Math.floor(r() * 4) }, () => sentence(r)).join(' ') + '\n\n';
    case 'code':
      return (
        `function handle${chars(r, UPPER, 1)}${chars(r, 'abcdefgh', 5)}(req, res) {\n` +
        `  const items = req.body.items.filter((x) => x.count > ${Math.floor(r() * 100)});\n` +
        `  // ${sentence(r)}\n` +
        (r() < 0.2 ? `  const token = "${sensitive(r)}";\n` : '') +
        `  return res.json({ ok: true, total: items.length });\n}\n\n`
      );
    case 'config':
      return (
        `[service.${chars(r, 'abcdefgh', 6)}]\nhost = "api.internal.example"\nport = ${1000 + Math.floor(r() * 9000)}\n` +
        `timeout_ms = ${Math.floor(r() * 5000)}\n` +
        (r() < 0.25 ? `api_key = "${sensitive(r)}"\n` : 'retries = 3\n') +
        '\n'
      );
    case 'chat':
      return `user: ${sentence(r)}\nassistant: ${sentence(r)} ${sentence(r)}\n\n`;
  }
}

/** About `size` characters of mixed text, the same for the same seed. */
export function corpus(size: number, seed = 1): string {
  const r = rng(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const b = block(r, pick(r, KINDS));
    parts.push(b);
    length += b.length;
  }
  return parts.join('').slice(0, size);
}

/** Splits text into prompts of about `size` characters, cut at whitespace. */
export function prompts(text: string, size: number): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > at + size / 2) end = space;
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}
