import type { ScanContext } from '../recognizer.js';
import { alignedLower, eachMatch, memo, trieAlternation } from './span-tools.js';

/** A date or time span with its base score and what it contains. */
export interface DateSpan {
  start: number;
  end: number;
  score: number;
  /** 'date' (has a day, month or year) or 'time' / 'weekday' (no calendar date). */
  kind: 'date' | 'time' | 'weekday';
}

// Month and weekday names in English, German, French and Spanish.
const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'januar', 'jänner', 'februar', 'märz', 'maerz', 'mai', 'juni', 'juli', 'oktober', 'dezember',
  'janvier', 'février', 'fevrier', 'mars', 'avril', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre', 'décembre', 'decembre',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec',
]; // prettier-ignore
const WEEKDAYS = [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'lunes', 'martes', 'miércoles', 'miercoles', 'jueves', 'viernes', 'sábado', 'sabado', 'domingo',
]; // prettier-ignore
const WEEKDAY_SHORT = ['mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun'];

const L = 'a-zà-ÿ';
const M = `${trieAlternation(MONTHS)}\\.?`;
const W = trieAlternation(WEEKDAYS);
const WS = `${trieAlternation([...WEEKDAYS, ...WEEKDAY_SHORT])}\\.?`;
const D = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th|er|º|\\.)?';
// 'the 3rd of May': only with an ordinal ('3 of May's books' is not a date).
const D_OF = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th) of ';
const Y = '(?:1[5-9]|20)\\d{2}';
const Y2 = `(?:${Y}|'?\\d{2})`;

// Dates with a month name: '21 March 2020', '5-May-2021', '3rd of May', 'May 1st, 1977', 'March 2020',
// '12 de marzo de 2020', optionally after a weekday; or a full weekday name alone. Runs on the lower-cased text:
// V8 scans a case-sensitive alternation several times faster than a case-insensitive one.
const NAMED = new RegExp(
  `\\b(?:(?:${WS},? (?:the )?)?(?:(?:${D}(?:[ -]|\\. ?)(?:de )?|${D_OF})${M}(?:(?:,? |-)(?:de )?${Y2})?|${M}(?: ${D}(?:,? ${Y})?(?!\\d)|(?:,? |-)${Y2}))|${W})(?![${L}\\d])`,
  'g',
);
// Numeric forms in two digit-led passes (instead of six; two smaller automata keep the ReDoS audit
// quick): year-first ISO 8601 date-times and y/m/d; then d/m/y or m/d/y with one separator kind, clock
// times, '10am' and month/year. The named group says which form matched.
const NUMERIC_PARTS = {
  iso: '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])(?:[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)?)?(?![\\w:/-]|\\.\\d)',
  ymd: '\\d{4}(?:\\/\\d{1,2}\\/\\d{1,2}|\\.\\d{1,2}\\.\\d{1,2})(?![\\w/-]|[.:]\\d)',
  dmy: '(?:\\d{1,2}\\/\\d{1,2}\\/(?:\\d{4}|\\d{2})|\\d{1,2}-\\d{1,2}-(?:\\d{4}|\\d{2})|\\d{1,2}\\.\\d{1,2}\\.(?:\\d{4}|\\d{2}))(?![\\w/-]|[.:]\\d)',
  time: '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?:[ ]?[AaPp]\\.?[Mm]\\.?(?!\\w))?(?![\\w:/-]|[.:]\\d)',
  ampm: '(?:1[0-2]|0?[1-9])[ ]?[AaPp]\\.?[Mm]\\.?(?!\\w)',
  short: '\\d{1,2}\\/(?:\\d{4}|\\d{2})(?![\\w/-]|[.:]\\d)',
};
const numeric = (names: ReadonlyArray<keyof typeof NUMERIC_PARTS>): RegExp =>
  new RegExp(`\\b(?<![.:/-])(?:${names.map((n) => `(?<${n}>${NUMERIC_PARTS[n]})`).join('|')})`, 'g');
const YEAR_FIRST = numeric(['iso', 'ymd']);
const DAY_FIRST = numeric(['dmy', 'time', 'ampm', 'short']);
// A year alone ('in 1998', 'since 2005', 'born in 1987', 'class of 2010'): only after words that make a
// number a year, and not before a count noun ('in 2000 units', 'by 2000 votes').
const YEAR = /\b(?<![.:/#$€£-])(?:19\d{2}|20[0-3]\d)(?![\w/-]|[.,:]\d)/g;
const YEAR_WORD_BEFORE =
  /(?:^|[^\p{L}\p{N}])(?:in|since|from|during|until|till|through|circa|ca\.|c\.|before|after|around|by|year|born|founded|established|est\.|graduated|class of|summer of|winter of|spring of|fall of|autumn of|early|late|mid|fiscal|fy|copyright|©|seit|im jahr|depuis|en|desde|año)[ ]{1,2}$/u;
// '1990 to 1995', 'between 1990 and 1995': the second year of a range.
const YEAR_RANGE_BEFORE = /(?:19|20)\d{2}[ ]?(?:to|and|until|-|–)[ ]?$/;
const COUNT_AFTER =
  /^[ ]?(?:(?:-|–|to|and)[ ]?\d{1,7}[ ]?)?(?:%|percent|people|persons|users|customers|employees|members|units|items|pieces|products|requests|calls|times|votes|rows|lines|records|entries|files|bytes|kb|mb|gb|tb|ms|msec|seconds|secs?|minutes|mins?|hours|hrs?|days|km|kms|miles|meters|metres|m|kg|lbs?|tons|dollars|euros|pounds|usd|eur|gbp|words|characters|chars|tokens|points|pts|cases|deaths|copies|cars|dpi|px|rpm|mhz|ghz|hz|cal|kcal|steps|feet|ft)(?![\p{L}])/u;

// Words that are also modal verbs or abbreviations: in lower case they need a 4-digit year nearby...
const AMBIGUOUS = /^(?:may|mar|mars|mai|jun|jul|sun|sat|wed|mon|fri|dec|sept?|oct|nov|jan|feb|apr|aug)\b/;
// ...or, with a day, a capital ('May 3rd') or a preposition that makes them a date ('on may 3').
const DATE_PREPOSITION = /(?:^|[^\p{L}])(?:on|since|until|till|by|from|before|after|next|last|this)[ ]$/u;
const CAPITAL = /^\p{Lu}/u;
// 'of May.': the period ends the sentence; only abbreviations ('Jan.') keep theirs.
const ABBREVIATED =
  /(?:^|[^\p{L}])(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.$/u;

/** Every regex the date finder runs (for the ReDoS audit). */
export const DATE_PATTERNS: readonly RegExp[] = [
  NAMED,
  YEAR_FIRST,
  DAY_FIRST,
  YEAR,
  YEAR_WORD_BEFORE,
  YEAR_RANGE_BEFORE,
  COUNT_AFTER,
  AMBIGUOUS,
  DATE_PREPOSITION,
  ABBREVIATED,
];

function validDayMonth(a: number, b: number): boolean {
  const ok = (month: number, day: number) => month >= 1 && month <= 12 && day >= 1 && day <= 31;
  return ok(a, b) || ok(b, a);
}

function findDates(text: string, lower: string): DateSpan[] {
  const spans: DateSpan[] = [];
  const add = (start: number, end: number, score: number, kind: DateSpan['kind']) =>
    spans.push({ start, end, score, kind });
  eachMatch(NAMED, lower, (m) => {
    const cut = m[0].endsWith('.') && !ABBREVIATED.test(m[0]) ? 1 : 0;
    const raw = text.slice(m.index, m.index + m[0].length - cut);
    const hasYear = /\d{4}/.test(raw);
    const hasDay = /\d/.test(raw);
    if (AMBIGUOUS.test(m[0]) && !hasYear) {
      const dated =
        CAPITAL.test(raw) || DATE_PREPOSITION.test(lower.slice(Math.max(0, m.index - 8), m.index));
      if (!hasDay || !dated) return;
    }
    if (!hasDay) return add(m.index, m.index + raw.length, 0.6, 'weekday');
    const parts = raw.match(/\d+/g)?.length ?? 0;
    add(m.index, m.index + raw.length, hasYear && parts >= 2 ? 0.85 : 0.7, 'date');
  });
  const numericMatch = (m: RegExpExecArray) => {
    const raw = m[0];
    const g = m.groups ?? {};
    const end = m.index + raw.length;
    if (g['iso'] !== undefined) return add(m.index, end, raw.length > 10 ? 0.9 : 0.85, 'date');
    if (g['time'] !== undefined) return add(m.index, end, /[ap]/i.test(raw) ? 0.7 : 0.6, 'time');
    if (g['ampm'] !== undefined) return add(m.index, end, 0.6, 'time');
    const parts = raw.split(/[/.-]/);
    if (g['ymd'] !== undefined) {
      const [, month = 0, day = 0] = parts.map(Number);
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) add(m.index, end, 0.75, 'date');
      return;
    }
    const year = parts.at(-1) ?? '';
    if (year.length === 4 && (Number(year) < 1800 || Number(year) > 2199)) return;
    if (g['dmy'] !== undefined) {
      if (!validDayMonth(Number(parts[0]), Number(parts[1]))) return;
      return add(m.index, end, year.length === 4 ? 0.75 : raw.includes('.') ? 0.45 : 0.55, 'date');
    }
    // Month/year or month/day: ambiguous with fractions and ratios, so below the default threshold.
    const month = Number(parts[0]);
    if (month >= 1 && month <= 12) add(m.index, end, 0.4, 'date');
  };
  if (/\d/.test(text)) {
    eachMatch(YEAR_FIRST, text, numericMatch);
    eachMatch(DAY_FIRST, text, numericMatch);
    eachMatch(YEAR, text, (m) => {
      const end = m.index + m[0].length;
      const before = lower.slice(Math.max(0, m.index - 16), m.index);
      if (!YEAR_WORD_BEFORE.test(before) && !YEAR_RANGE_BEFORE.test(before)) return;
      if (COUNT_AFTER.test(lower.slice(end, end + 24))) return;
      add(m.index, end, 0.6, 'date');
    });
  }
  return dropContained(spans);
}

/** Keeps the widest span where regexes overlap ('2013-03-14 12:53:39' also matches the time regex). */
function dropContained(spans: DateSpan[]): DateSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: DateSpan[] = [];
  for (const s of spans) {
    const last = kept[kept.length - 1];
    if (last && s.start < last.end) {
      if (s.end - s.start > last.end - last.start) kept[kept.length - 1] = s;
      continue;
    }
    kept.push(s);
  }
  return kept;
}

/** Date and time spans of a text, computed once per scan and shared by DATE_TIME and DATE_OF_BIRTH. */
export function dateSpans(text: string, ctx: ScanContext): readonly DateSpan[] {
  return memo(ctx, 'date-spans', () => findDates(text, alignedLower(text, ctx)));
}
