import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/max/metadata';
import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { alignedLower, eachMatch, finding, hasDigit, REFERENCE_WORDS, withContext } from './span-tools.js';

/** Regions tried for numbers written without a country code, in order. */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'IN',
  'AU',
  'CA',
  'SG',
  'NL',
];

// Regions to try first when the scan's language is known.
const LANGUAGE_REGIONS: Readonly<Record<string, readonly CountryCode[]>> = {
  en: ['US', 'GB', 'AU', 'CA', 'IN', 'SG', 'IE', 'NZ'],
  de: ['DE', 'AT', 'CH'],
  fr: ['FR', 'BE', 'CH', 'CA'],
  es: ['ES', 'MX', 'AR', 'CO'],
  it: ['IT', 'CH'],
  nl: ['NL', 'BE'],
  pt: ['PT', 'BR'],
};

export const phoneOptions = z.object({
  /** ISO 3166 regions for national-format numbers; the scan language's regions are tried first. */
  regions: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code'))
    .min(1)
    .default([...DEFAULT_PHONE_REGIONS]),
});
export type PhoneOptions = z.infer<typeof phoneOptions>;

// Optional +/00 country code, an optional bracketed area code, then digit groups with one separator
// between them (so a digit run has a single way to split) and an extension. Every quantifier is bounded.
const CANDIDATE =
  /(?:(?:\+|00)\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,12}(?:[ .\-\u00A0]\d{1,12}){0,6}(?![a-df-wyzA-Z0-9_]|[-.,]\d)/g;
// An extension right after the number ('x818', ' ext. 12'); matched separately to keep the main regex small.
const EXTENSION = /[ ]?(?:x|ext\.?)[ ]?\d{1,6}(?!\w|[-.,]\d)/y;
const DATE_LIKE = /^(?:\d{4}([./-])\d{1,2}\1\d{1,2}|\d{1,2}([./-])\d{1,2}\2\d{2,4})$/;
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

const CONTEXT = {
  positive: [
    'phone', 'tel', 'telephone', 'call', 'mobile', 'cell', 'fax', 'whatsapp', 'sms', 'contact', 'reach',
    'dial', 'hotline', 'answering', 'office', 'ext', 'telefon', 'telefonnummer', 'handy', 'rufnummer', 'mobil', 'anrufen',
    'téléphone', 'tél', 'portable', 'appeler', 'appelez', 'teléfono', 'móvil', 'celular', 'llamar', 'llame',
  ],
  negative: [...REFERENCE_WORDS, 'id', 'account', 'acct', 'isbn', 'iban', 'ssn', 'zip', 'apt', 'apartment', 'suite', 'unit', 'room', 'floor', 'building'],
}; // prettier-ignore

interface RegionPlan {
  region: CountryCode;
  lengths: ReadonlySet<number>;
  prefix: string | undefined;
  pattern: RegExp | undefined;
}

const plans = new Map<string, RegionPlan | null>();

/**
 * The region's national-number lengths, trunk prefix and general pattern, read once from the
 * metadata. Full parsing costs tens of microseconds per region, so candidates are screened against
 * these first; the screen is a superset of valid numbers, so it never loses one.
 */
function planFor(region: CountryCode): RegionPlan | null {
  let plan = plans.get(region);
  if (plan !== undefined) return plan;
  try {
    const md = new Metadata(metadata);
    md.selectNumberingPlan(region);
    // nationalPrefix/nationalNumberPattern are not in the typings; without them we only check lengths.
    const np = md.numberingPlan as unknown as {
      possibleLengths(): number[];
      nationalPrefix?: () => string | undefined;
      nationalNumberPattern?: () => string | undefined;
    };
    const source = np.nationalNumberPattern?.();
    plan = {
      region,
      lengths: new Set(np.possibleLengths()),
      prefix: np.nationalPrefix?.() || undefined,
      pattern: source ? new RegExp(`^(?:${source})$`) : undefined,
    };
  } catch {
    plan = null; // unknown region: rejected by the options schema in practice
  }
  plans.set(region, plan);
  return plan;
}

function mayBeValid(digits: string, plan: RegionPlan): boolean {
  const test = (n: string) =>
    plan.lengths.has(n.length) && (plan.pattern === undefined || plan.pattern.test(n));
  return (
    test(digits) ||
    (plan.prefix !== undefined && digits.startsWith(plan.prefix) && test(digits.slice(plan.prefix.length)))
  );
}

function regionsFor(language: string | undefined, configured: readonly string[]): RegionPlan[] {
  const first = (language && LANGUAGE_REGIONS[language]) || [];
  return [...new Set([...first, ...(configured as CountryCode[])])]
    .map(planFor)
    .filter((p): p is RegionPlan => p !== null);
}

const ZIP_PLUS_4 = /^\d{5}-\d{4}$/;

/** Validates a phone-shaped candidate; returns the base score or undefined when it is not a phone. */
function gradePhone(
  body: string,
  regions: readonly RegionPlan[],
): { score: number; evidence: string } | undefined {
  const digits = body.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  if (DATE_LIKE.test(body) || DOTTED_QUAD.test(body)) return undefined;
  // '90210-1234' is a US ZIP+4 far more often than a phone: only phone context makes it one.
  if (ZIP_PLUS_4.test(body)) return { score: 0.3, evidence: 'zip+4-shape' };
  const formatted = /[ .\-\u00A0()]/.test(body.trim());
  if (body.startsWith('+') || body.startsWith('00')) {
    const parsed = parsePhoneNumberFromString(body.startsWith('00') ? '+' + body.slice(2) : body, metadata);
    if (parsed?.isValid()) return { score: 0.8, evidence: `region:${parsed.country ?? 'intl'}` };
    return parsed?.isPossible() ? { score: 0.4, evidence: 'possible' } : undefined;
  }
  for (const plan of regions) {
    if (!mayBeValid(digits, plan)) continue;
    const parsed = parsePhoneNumberFromString(body, plan.region, metadata);
    if (parsed?.isValid()) return { score: formatted ? 0.7 : 0.45, evidence: `region:${plan.region}` };
  }
  // Phone-shaped but valid nowhere we looked (fictional, or a region not configured): context decides.
  return formatted ? { score: 0.3, evidence: 'shape' } : undefined;
}

/** Phone numbers via libphonenumber-js (full metadata): international, or national in the hinted regions. */
export const phoneRecognizer = defineRecognizer({
  id: 'pii.phone',
  mode: 'sync',
  entities: [{ type: 'PHONE', category: 'contact', level: 'confidential' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [CANDIDATE, EXTENSION, ZIP_PLUS_4],
  options: phoneOptions,
  create: (options) => ({
    scan(text, ctx) {
      const out: Finding[] = [];
      if (!hasDigit(text, ctx)) return out;
      const lower = alignedLower(text, ctx);
      const regions = regionsFor(ctx.language, options.regions);
      eachMatch(CANDIDATE, text, (m) => {
        const start = m.index;
        let raw = m[0];
        // A letter may follow only as an extension ('x818'); otherwise the number is part of a word.
        if (/[A-Za-z]/.test(text[start + raw.length] ?? '')) {
          EXTENSION.lastIndex = start + raw.length;
          const ext = EXTENSION.exec(text);
          if (ext === null) return;
          raw += ext[0];
        }
        // Not glued to a word, number or path ('ID12345678', UUID groups, 'v1.2-3456789'); checked
        // here because a leading look-behind makes the regex slow to scan and to audit.
        const before = text[start - 1];
        if (before !== undefined && /[\w+/.-]/.test(before)) return;
        const graded = gradePhone(m[0], regions);
        if (graded === undefined) return;
        const end = start + raw.length;
        const scored = withContext(lower, start, end, graded.score, CONTEXT, [graded.evidence]);
        out.push(finding('PHONE', start, end, scored, 'pii.phone'));
      });
      return out;
    },
  }),
});
