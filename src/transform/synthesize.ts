import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { base, en, Faker, type Randomizer } from '@faker-js/faker';
import examples from 'libphonenumber-js/mobile/examples';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { cardBrand, CARD_BRANDS, ibanCheckDigits, luhnCheckDigit } from './formats.js';
import { normalizeValue } from './normalize.js';

/** Produces realistic, format-valid replacements; one instance keeps one value → one replacement. */
export interface Synthesizer {
  synthesize(type: string, value: string): string;
  /** Originals held right now for consistency: 0 without a seed, at most `remember` with one. */
  readonly remembered: number;
}

export interface SynthesizerOptions {
  /** With a seed: distinct recent values that keep their replacement (an LRU). Default 65,536. */
  remember?: number;
}

type Generator = (f: Faker, value: string) => string;

const GENERATORS: Readonly<Record<string, Generator>> = {
  PERSON: (f, v) => (/\s/.test(v.trim()) ? f.person.fullName() : f.person.firstName()),
  EMAIL: (f) => f.internet.exampleEmail(),
  LOCATION: (f) => f.location.city(),
  ADDRESS: (f) => f.location.streetAddress(),
  ORGANIZATION: (f) => f.company.name(),
  DOMAIN_NAME: (f) => f.internet.domainName(),
  URL: (f) => f.internet.url(),
  TITLE: (f) => f.person.prefix(),
  AGE: (f) => String(f.number.int({ min: 18, max: 90 })),
  DATE_TIME: synthDate,
  DATE_OF_BIRTH: synthDate,
  IP_ADDRESS: (f, v) => (v.includes(':') ? f.internet.ipv6() : f.internet.ipv4()),
  MAC_ADDRESS: (f, v) => relayout(v, f.internet.mac().replace(/:/g, '')),
  CREDIT_CARD: synthCard,
  IBAN: synthIban,
  PHONE: synthPhone,
  US_SSN: synthSsn,
};

/**
 * Creates a synthesizer. With a seed the output is reproducible; without one it is random. A value
 * seen twice gets the same replacement, so a document stays coherent:
 * - without a seed, always, and nothing is remembered: each replacement is drawn from a faker seeded
 *   with an HMAC of the value under a random key that never leaves this instance, so a repeat
 *   re-derives it, and without the key nobody can test a guessed value against a fake;
 * - with a seed, for values repeated within the last `remember` distinct values: fakes are drawn in
 *   sequence (deriving them from the seed would let anyone who knows the seed test guesses), so
 *   consistency needs a map, bounded as an LRU.
 */
export function createSynthesizer(seed?: number, options: SynthesizerOptions = {}): Synthesizer {
  if (seed === undefined) {
    // A KeyObject: createHmac with a raw Buffer key re-imports it on every call (~5× slower).
    const key = createSecretKey(randomBytes(32));
    const randomizer = sfc32Randomizer();
    const faker = new Faker({ locale: [en, base], randomizer });
    return {
      remembered: 0,
      synthesize(type, value) {
        const digest = createHmac('sha256', key).update(identity(type, value)).digest();
        randomizer.seed([0, 4, 8, 12].map((i) => digest.readInt32BE(i)));
        return replacement(faker, type, value);
      },
    };
  }
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const limit = Math.max(1, options.remember ?? 65_536);
  const recent = new Map<string, string>();
  return {
    get remembered() {
      return recent.size;
    },
    synthesize(type, value) {
      const id = identity(type, value);
      const cached = recent.get(id);
      if (cached !== undefined) {
        // Map order is insertion order: re-inserting marks it most recently used.
        recent.delete(id);
        recent.set(id, cached);
        return cached;
      }
      const out = replacement(faker, type, value);
      recent.set(id, out);
      if (recent.size > limit) recent.delete(recent.keys().next().value!);
      return out;
    },
  };
}

/**
 * sfc32, a small fast PRNG: reseeding it for every value costs a few operations, where faker's
 * Mersenne Twister takes ~35 µs. Its quality is ample for picking fakes; secrecy comes from the key.
 */
function sfc32Randomizer(): Randomizer {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  return {
    next,
    seed(seed) {
      const words = typeof seed === 'number' ? [seed] : seed;
      [a, b, c, d] = [0, 1, 2, 3].map((i) => (words[i] ?? 0) | 0) as [number, number, number, number];
      for (let i = 0; i < 12; i++) next(); // mixes the seed words before the first draw
    },
  };
}

function identity(type: string, value: string): string {
  return `${type}\0${normalizeValue(type, value)}`;
}

function replacement(faker: Faker, type: string, value: string): string {
  const generate = GENERATORS[type] ?? scramble;
  let out = generate(faker, value);
  // A replacement equal to the original would leak it; retry, then fall back to a scramble.
  for (let i = 0; i < 8 && out === value; i++) out = generate(faker, value);
  // Only a value with no letter or digit can survive a scramble; replace it by its type's label.
  if (out === value) out = scramble(faker, value);
  if (out === value) out = `[${type}]`;
  return out;
}

/** Letters become ASCII letters (same case), digits stay digits, everything else is kept. */
function scramble(f: Faker, value: string): string {
  return value.replace(/[\p{L}\p{N}]/gu, (c) => {
    if (/\p{N}/u.test(c)) return String(f.number.int(9));
    const letter = f.string.alpha(1);
    return c !== c.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
  });
}

/** Writes the alphanumerics of `compact` into the layout of `original` when the counts agree. */
function relayout(original: string, compact: string): string {
  const slots = original.match(/[A-Za-z0-9]/g)?.length ?? 0;
  if (slots !== compact.length) return compact;
  let i = 0;
  return original.replace(/[A-Za-z0-9]/g, (c) => {
    const next = compact[i++]!;
    return c !== c.toUpperCase() ? next.toLowerCase() : next;
  });
}

function digits(f: Faker, n: number): string {
  return n > 0 ? f.string.numeric({ length: n, allowLeadingZeros: true }) : '';
}

/** Same brand and length as the original, passing Luhn; the issuer BIN is not kept. */
function synthCard(f: Faker, value: string): string {
  const original = value.replace(/\D/g, '');
  const brand = cardBrand(original) ?? CARD_BRANDS.find((b) => b.name === 'visa')!;
  const length = Math.max(12, Math.min(19, original.length));
  const prefix = f.helpers.arrayElement(brand.prefixes.filter((p) => brand.test(p.padEnd(6, '0'))));
  const body = prefix + digits(f, length - 1 - prefix.length);
  return relayout(value, body + luhnCheckDigit(body));
}

/** Same country and length, a valid mod-97 check; faker knows each country's BBAN layout. */
function synthIban(f: Faker, value: string): string {
  const compact = value.replace(/[\s-]/g, '').toUpperCase();
  const country = compact.slice(0, 2);
  let iban: string;
  try {
    iban = f.finance.iban({ formatted: false, countryCode: country });
  } catch {
    // Unknown to faker: keep the BBAN's character classes and recompute the check digits.
    const bban = scramble(f, compact.slice(4));
    iban = country + ibanCheckDigits(country, bban) + bban;
  }
  return relayout(value, iban);
}

/** Area 001-899 except 666, group 01-99, serial 0001-9999, in the original's layout. */
function synthSsn(f: Faker, value: string): string {
  let area = f.number.int({ min: 1, max: 899 });
  if (area === 666) area = 665;
  const group = f.number.int({ min: 1, max: 99 });
  const serial = f.number.int({ min: 1, max: 9999 });
  const compact = `${pad(area, 3)}${pad(group, 2)}${pad(serial, 4)}`;
  return relayout(value, compact);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * A valid number in the original's region: the region's example number with its trailing digits
 * randomised until libphonenumber's full metadata accepts it, written the way the original was.
 */
function synthPhone(f: Faker, value: string): string {
  const parsed = parsePhoneNumberFromString(value, 'US');
  const country: CountryCode = parsed?.country ?? 'US';
  const example = getExampleNumber(country, examples);
  if (!example) return scramble(f, value);
  const nsn = example.nationalNumber;
  let candidate = example;
  for (let tail = Math.min(6, nsn.length - 2); tail > 0; tail--) {
    let found = false;
    for (let attempt = 0; attempt < 8 && !found; attempt++) {
      const next = parsePhoneNumberFromString(
        `+${example.countryCallingCode}${nsn.slice(0, nsn.length - tail)}${digits(f, tail)}`,
      );
      if (next?.isValid() && next.nationalNumber !== parsed?.nationalNumber) {
        candidate = next;
        found = true;
      }
    }
    if (found) break;
  }
  const international = /^\s*(?:\+|00)/.test(value);
  return international ? candidate.formatInternational() : candidate.formatNational();
}

function synthDate(f: Faker, value: string): string {
  const date = f.date.between({ from: '1950-01-01', to: '2024-12-31' });
  const [y, m, d] = date.toISOString().slice(0, 10).split('-') as [string, string, string];
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return `${y}-${m}-${d}`;
  if (/^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(value.trim())) return `${m}/${d}/${y}`;
  if (/^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(value.trim())) return `${d}.${m}.${y}`;
  return date.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
