/**
 * Builds the tagger's training and dev sentences, with labelled spans computed while filling:
 * presidio-research's generated_large.json (MIT) as is, its templates refilled with fresh faker values
 * in many locales, and Bulwark's own templates. Dev = whole templates held out (never seen in training),
 * filled with faker values only, so dev numbers measure generalisation to new sentences and names.
 */
import { readFileSync } from 'node:fs';
import { allFakers, type Faker } from '@faker-js/faker';
import { seededRandom } from '../../src/detect/ner/train.ts';
import { NATIONALITIES, POLITICAL_GROUPS, RELIGIONS } from './lexicon.ts';
import { TEMPLATES } from './templates.ts';

export interface LabelledSpan {
  type: string;
  start: number;
  end: number;
}
export interface Sentence {
  text: string;
  spans: LabelledSpan[];
}
export interface Corpus {
  train: Sentence[];
  dev: Sentence[];
}

interface PresidioRecord {
  full_text: string;
  masked: string;
  template_id: number;
  spans: Array<{ entity_type: string; start_position: number; end_position: number; entity_value: string }>;
}

/** Presidio type names → Bulwark's; everything else is another recogniser's job (tag O). */
const TYPE_MAP: Record<string, string> = {
  PERSON: 'PERSON',
  PREFIX: 'PERSON',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
  ADDRESS: 'ADDRESS',
  STREET_ADDRESS: 'ADDRESS',
  ORGANIZATION: 'ORGANIZATION',
  TITLE: 'TITLE',
  NRP: 'NRP',
  AGE: 'AGE',
};

/** Placeholder → the type its value is labelled with (null = filled but not an NER entity). */
const PLACEHOLDER_TYPE: Record<string, string | null> = {
  first_name: 'PERSON',
  first_name_male: 'PERSON',
  first_name_female: 'PERSON',
  first_name_nonbinary: 'PERSON',
  last_name: 'PERSON',
  last_name_male: 'PERSON',
  last_name_female: 'PERSON',
  person: 'PERSON',
  name: 'PERSON',
  name_male: 'PERSON',
  name_female: 'PERSON',
  prefix_male: 'PERSON',
  prefix_female: 'PERSON',
  city: 'LOCATION',
  country: 'LOCATION',
  address: 'ADDRESS',
  street_address: 'ADDRESS',
  street_name: 'ADDRESS',
  building_number: 'ADDRESS',
  secondary_address: 'ADDRESS',
  postcode: 'ADDRESS',
  zipcode: 'ADDRESS',
  state_abbr: 'ADDRESS',
  organization: 'ORGANIZATION',
  company: 'ORGANIZATION',
  job: 'TITLE',
  nrp: 'NRP',
  age: 'AGE',
};

const LOCALES = [
  'en_US',
  'en_US',
  'en_US',
  'en_GB',
  'en_AU',
  'en_CA',
  'en_IN',
  'en_IE',
  'de',
  'de_AT',
  'fr',
  'fr_CH',
  'es',
  'es_MX',
  'it',
  'nl',
  'nl_BE',
  'pt_BR',
  'pt_PT',
  'sv',
  'nb_NO',
  'da',
  'fi',
  'pl',
  'cs_CZ',
  'hu',
  'ro',
  'hr',
  'tr',
  'el',
  'sk',
  'lv',
  'af_ZA',
  'en_NG',
] as const;

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const titleCase = (s: string): string =>
  s.replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

/** Calls a faker generator, falling back to English where a locale lacks the data. */
function safe(fakers: Faker[], random: Random, call: (f: Faker) => string): string {
  try {
    return call(pick(random, fakers));
  } catch {
    return call(allFakers.en);
  }
}

function address(f: (call: (f: Faker) => string) => string, random: Random): string {
  const street = f((x) => x.location.streetAddress(random() < 0.3));
  const city = f((x) => x.location.city());
  const zip = f((x) => x.location.zipCode());
  const sep = pick(random, [', ', ', ', ' ', '\n', '\n ']);
  switch (Math.floor(random() * 7)) {
    case 0:
      return street;
    case 1:
      return `${street}${sep}${city}`;
    case 2:
      return `${street}${sep}${city}${sep}${f((x) => x.location.state({ abbreviated: true }))} ${zip}`;
    case 3:
      return `${street}${sep}${zip} ${city}${sep}${f((x) => x.location.country())}`;
    case 4:
      return `${pick(random, ['P.O. Box', 'PO Box', 'Box'])} ${Math.floor(random() * 9000) + 10}${sep}${city} ${zip}`;
    case 5:
      return `the corner of ${f((x) => x.location.street())} and ${f((x) => x.location.street())}`;
    default:
      return `${street}${sep}${city} ${zip}`;
  }
}

/** Value generators per placeholder; `pool` adds values harvested from the training split. */
function makeFiller(random: Random, pool: Map<string, string[]> | undefined): (name: string) => string {
  const fakers = LOCALES.map((l) => allFakers[l]);
  const f = (call: (x: Faker) => string): string => safe(fakers, random, call);
  const nrp = [...NATIONALITIES, ...RELIGIONS, ...POLITICAL_GROUPS];
  const generators: Record<string, () => string> = {
    first_name: () => f((x) => x.person.firstName()),
    first_name_male: () => f((x) => x.person.firstName('male')),
    first_name_female: () => f((x) => x.person.firstName('female')),
    first_name_nonbinary: () => f((x) => x.person.firstName()),
    last_name: () => f((x) => x.person.lastName()),
    last_name_male: () => f((x) => x.person.lastName('male')),
    last_name_female: () => f((x) => x.person.lastName('female')),
    person: () => f((x) => x.person.fullName()),
    name: () => f((x) => x.person.fullName()),
    name_male: () => f((x) => x.person.fullName({ sex: 'male' })),
    name_female: () => f((x) => x.person.fullName({ sex: 'female' })),
    prefix_male: () => pick(random, ['Mr.', 'Mr', 'Dr.', 'Sir']),
    prefix_female: () => pick(random, ['Mrs.', 'Ms.', 'Miss', 'Dr.', 'Ms']),
    city: () => f((x) => x.location.city()),
    country: () => allFakers.en.location.country(),
    address: () => address(f, random),
    street_address: () => f((x) => x.location.streetAddress()),
    street_name: () => f((x) => x.location.street()),
    building_number: () => f((x) => x.location.buildingNumber()),
    secondary_address: () => f((x) => x.location.secondaryAddress()),
    postcode: () => f((x) => x.location.zipCode()),
    zipcode: () => f((x) => x.location.zipCode()),
    state_abbr: () => allFakers.en_US.location.state({ abbreviated: true }),
    organization: () => f((x) => x.company.name()),
    company: () => f((x) => x.company.name()),
    job: () => allFakers.en.person.jobTitle(),
    nrp: () => titleCase(pick(random, nrp)),
    age: () => String(Math.floor(random() * 95) + 2),
    number: () => String(Math.floor(10 ** (random() * 5))),
    word: () => allFakers.en.word.noun().toUpperCase(),
    credit_card_number: () => allFakers.en.finance.creditCardNumber(),
    email: () => allFakers.en.internet.email(),
    phone_number: () => f((x) => x.phone.number()),
    ssn: () =>
      `${100 + Math.floor(random() * 800)}-${10 + Math.floor(random() * 89)}-${1000 + Math.floor(random() * 8999)}`,
    iban: () => allFakers.en.finance.iban(),
    url: () => allFakers.en.internet.url(),
    ip_address: () => allFakers.en.internet.ipv4(),
    date_of_birth: () => allFakers.en.date.birthdate().toDateString(),
    date_time: () => allFakers.en.date.recent().toISOString().slice(0, 10),
    day_of_week: () => allFakers.en.date.weekday(),
    us_driver_license: () =>
      `${String.fromCharCode(65 + Math.floor(random() * 26))}${Math.floor(random() * 1e7)}`,
  };
  return (name) => {
    const harvested = pool?.get(name);
    if (harvested && harvested.length > 0 && random() < 0.35) return pick(random, harvested);
    const generate = generators[name];
    if (!generate) throw new Error(`no generator for placeholder {{${name}}}`);
    return generate();
  };
}

/** Fills one template; spans come from where each value lands. */
export function fill(template: string, value: (name: string) => string): Sentence {
  let text = '';
  const spans: LabelledSpan[] = [];
  for (const part of template.split(/(\{\{\w+\}\})/)) {
    const m = /^\{\{(\w+)\}\}$/.exec(part);
    if (!m) {
      text += part;
      continue;
    }
    const name = m[1]!;
    const v = value(name);
    const type = PLACEHOLDER_TYPE[name] ?? null;
    if (type) spans.push({ type, start: text.length, end: text.length + v.length });
    text += v;
  }
  return { text, spans };
}

function recase(sentence: Sentence, random: Random): Sentence {
  const r = random();
  // generated_large has ~11% lower-cased and ~1% upper-cased sentences; mirror that.
  if (r < 0.11) return { ...sentence, text: sentence.text.toLowerCase() };
  if (r < 0.12) return { ...sentence, text: sentence.text.toUpperCase() };
  return sentence;
}

/** Lower/upper-casing keeps UTF-16 length for almost all text; drop the rare sentence where it does not. */
function sameLength(a: Sentence, b: Sentence): boolean {
  return a.text.length === b.text.length;
}

function isDevTemplate(key: string): boolean {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h >>> 0) % 5 === 0;
}

export interface GenerateOptions {
  presidioPath: string;
  seed: number;
  /** Fills per template for training and for dev. */
  fillsPerTemplate: number;
}

/** Generates the corpus deterministically from the seed. */
export function generateCorpus(options: GenerateOptions): Corpus {
  const random = seededRandom(options.seed);
  for (const locale of LOCALES) allFakers[locale].seed(options.seed);
  allFakers.en.seed(options.seed);
  allFakers.en_US.seed(options.seed);
  const records = JSON.parse(readFileSync(options.presidioPath, 'utf8')) as PresidioRecord[];
  const train: Sentence[] = [];
  const dev: Sentence[] = [];
  const pool = new Map<string, string[]>();
  const templates = new Map<string, boolean>();
  for (const r of records) {
    const key = `presidio:${r.template_id}`;
    const isDev = isDevTemplate(key);
    templates.set(r.masked, isDev);
    const spans = r.spans
      .filter((s) => TYPE_MAP[s.entity_type] !== undefined)
      .map((s) => ({ type: TYPE_MAP[s.entity_type]!, start: s.start_position, end: s.end_position }));
    (isDev ? dev : train).push({ text: r.full_text, spans });
    if (!isDev) harvest(r, pool);
  }
  for (const t of TEMPLATES) templates.set(t, isDevTemplate(`bulwark:${t}`));
  const trainFill = makeFiller(random, pool);
  const devFill = makeFiller(random, undefined);
  for (const [template, isDev] of templates) {
    for (let i = 0; i < options.fillsPerTemplate; i++) {
      const plain = fill(template.replace(/\{(street_name)\}/g, '{{$1}}'), isDev ? devFill : trainFill);
      const sentence = recase(plain, random);
      if (sameLength(plain, sentence)) (isDev ? dev : train).push(sentence);
    }
  }
  return { train, dev };
}

/** Collects the filled values of a training record per placeholder, to reuse in other templates. */
function harvest(r: PresidioRecord, pool: Map<string, string[]>): void {
  const parts = r.masked.split(/(\{\{\w+\}\})/);
  const pattern = parts.map((p) => (/^\{\{\w+\}\}$/.test(p) ? '([\\s\\S]{1,120}?)' : escape(p))).join('');
  const m = new RegExp(`^${pattern}$`, 'i').exec(r.full_text);
  if (!m) return;
  const names = parts.filter((p) => /^\{\{\w+\}\}$/.test(p)).map((p) => p.slice(2, -2));
  names.forEach((name, i) => {
    const list = pool.get(name) ?? [];
    list.push(m[i + 1]!);
    pool.set(name, list);
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
