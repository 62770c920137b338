/**
 * Extracts gazetteer lists from @faker-js/faker's locale data (MIT) plus the hand-written lexicon,
 * deduplicated, lower-cased and sorted so the output is byte-identical between runs.
 */
import { allLocales } from '@faker-js/faker';
import type { GazetteerData, GazetteerList } from '../../src/detect/ner/gazetteer.ts';
import * as lex from './lexicon.ts';

type Definitions = Record<string, Record<string, unknown> | undefined>;

/** Flattens arrays or {generic, male, female}-style objects of strings; patterns ('{{…}}', '#') are skipped. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('{{') || value.includes('#') ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function fromLocales(module: string, key: string): string[] {
  const out: string[] = [];
  for (const def of Object.values(allLocales) as Definitions[]) out.push(...strings(def[module]?.[key]));
  return out;
}

const PER_LIST_CAP = 40_000;

/** Builds every list; `common_word` adds faker's English word lists to the hand-written ones. */
export function buildGazetteer(): GazetteerData {
  const en = allLocales.en as unknown as Definitions;
  const lists: Record<GazetteerList, string[]> = {
    first_name: fromLocales('person', 'first_name'),
    last_name: fromLocales('person', 'last_name'),
    city: fromLocales('location', 'city_name'),
    country: fromLocales('location', 'country'),
    state: [...fromLocales('location', 'state'), ...fromLocales('location', 'state_abbr')],
    street_type: [...fromLocales('location', 'street_suffix'), ...lex.STREET_TYPES],
    secondary: lex.SECONDARY,
    company_suffix: [...fromLocales('company', 'legal_entity_type'), ...lex.COMPANY_SUFFIXES],
    org_word: lex.ORG_WORDS,
    prefix: [...fromLocales('person', 'prefix'), ...lex.PREFIXES],
    job: [
      ...strings(en.person?.job_type),
      ...strings(en.person?.job_area),
      ...strings(en.person?.job_descriptor),
    ],
    nrp: [...lex.NATIONALITIES, ...lex.RELIGIONS, ...lex.POLITICAL_GROUPS],
    common_word: [...lex.COMMON_WORDS, ...strings(en.word)],
    calendar: [...lex.CALENDAR, ...fromLocales('date', 'month'), ...fromLocales('date', 'weekday')],
    age_cue: lex.AGE_CUES,
    location_word: lex.LOCATION_WORDS,
  };
  const data: GazetteerData = {};
  for (const [name, values] of Object.entries(lists) as Array<[GazetteerList, string[]]>) {
    const unique = [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v.length > 0))];
    data[name] = unique.sort().slice(0, PER_LIST_CAP);
  }
  return data;
}
