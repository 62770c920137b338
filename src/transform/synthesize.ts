import { base, en, Faker } from '@faker-js/faker';
import examples from 'libphonenumber-js/mobile/examples';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { cardBrand, CARD_BRANDS, ibanCheckDigits, luhnCheckDigit } from './formats.js';
import { normalizeValue } from './normalize.js';

/** Produces realistic, format-valid replacements; one instance keeps one value → one replacement. */
export interface Synthesizer {
  synthesize(type: string, value: string): string;
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
 * seen twice gets the same replacement, so a document stays coherent.
 */
export function createSynthesizer(seed?: number): Synthesizer {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed ?? Math.floor(Math.random() * 2 ** 31));
  const seen = new Map<string, string>();
  return {
    synthesize(type, value) {
      const id = `${type}\0${normalizeValue(type, value)}`;
      const cached = seen.get(id);
      if (cached !== undefined) return cached;
      const generate = GENERATORS[type] ?? scramble;
      let out = generate(faker, value);
      // A replacement equal to the original would leak it; retry, then fall back to a scramble.
      for (let i = 0; i < 8 && out === value; i++) out = generate(faker, value);
      // Only a value with no letter or digit can survive a scramble; replace it by its type's label.
      if (out === value) out = scramble(faker, value);
      if (out === value) out = `[${type}]`;
      seen.set(id, out);
      return out;
    },
  };
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
