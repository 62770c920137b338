import { describe, expect, it } from 'vitest';
import { createScanner } from '../engine.js';
import { nerRecognizers } from './index.js';
import { createNerTagger } from './tagger.js';

const tagger = createNerTagger();
const ctx = { lower: '', language: 'en', source: 'trusted' as const };

/** Findings at the engine's default threshold, as [type, text] pairs. */
function tag(text: string): Array<[string, string]> {
  return tagger
    .scan(text, { ...ctx, lower: text.toLowerCase() })
    .filter((f) => f.score >= 0.5)
    .map((f) => [f.type, text.slice(f.start, f.end)]);
}

const types = (text: string): string[] => tag(text).map(([t]) => t);

describe('ner.tagger positives', () => {
  it.each([
    ['Please send the contract to Maria Gonzalez by Friday.', 'Maria Gonzalez'],
    ['My name is John Smith and I need help with my account.', 'John Smith'],
    ['I spoke with Priya Natarajan yesterday.', 'Priya Natarajan'],
  ])('finds the person in %j', (text, name) => {
    expect(tag(text)).toContainEqual(['PERSON', name]);
  });

  it.each([
    'Ship it to 1600 Pennsylvania Avenue NW, Washington, DC 20500.',
    'Our office moved to 221 Baker Street, London.',
    'Deliver to 12 Rue de Rivoli, 75001 Paris, France.',
    'My address is 742 Evergreen Terrace\nSpringfield, OR 97475',
  ])('finds a street address in %j', (text) => {
    const found = tag(text).filter(([t]) => t === 'ADDRESS' || t === 'LOCATION');
    expect(found.some(([t, s]) => t === 'ADDRESS' && /\d/.test(s))).toBe(true);
  });

  it.each([
    ['Acme Widgets Inc. signed the partnership last week.', 'Acme Widgets Inc.'],
    ['The invoice was issued by Schneider Logistics GmbH.', 'Schneider Logistics GmbH'],
  ])('finds the organisation in %j (span overlap IoU >= 0.5, as the evaluation counts it)', (text, org) => {
    const start = text.indexOf(org);
    const end = start + org.length;
    const found = tagger
      .scan(text, { ...ctx, lower: text.toLowerCase() })
      .filter((f) => f.type === 'ORGANIZATION' && f.score >= 0.5)
      .some((f) => {
        const inter = Math.min(end, f.end) - Math.max(start, f.start);
        return inter / (Math.max(end, f.end) - Math.min(start, f.start)) >= 0.5;
      });
    expect(found).toBe(true);
  });

  it('finds countries and cities', () => {
    expect(tag('She moved here from Portugal.')).toContainEqual(['LOCATION', 'Portugal']);
    expect(tag('I am in Chicago at the conference.')).toContainEqual(['LOCATION', 'Chicago']);
  });

  it('finds an age, a nationality and a job title', () => {
    expect(tag('My son just turned 14 last week.')).toContainEqual(['AGE', '14']);
    expect(types('He is a Canadian citizen living abroad.')).toContain('NRP');
    expect(types('Our Senior Marketing Manager will call you tomorrow.')).toContain('TITLE');
  });

  it('keeps honorifics out of PERSON spans (they are pii.title findings)', () => {
    const persons = (text: string) => tag(text).filter(([t]) => t === 'PERSON');
    expect(persons('Mr. John Smith and Dr. Jane Doe met Ms. Lee.')).toEqual([
      ['PERSON', 'John Smith'],
      ['PERSON', 'Jane Doe'],
      ['PERSON', 'Lee'],
    ]);
    expect(persons('Contact Prof. Müller or Frau Weber.')).toEqual([
      ['PERSON', 'Müller'],
      ['PERSON', 'Weber'],
    ]);
  });

  it('reports exact UTF-16 offsets after astral characters', () => {
    const text = '🙂🙂 Hi, this is Emma Larsson from Oslo.';
    const hits = tag(text);
    expect(hits).toContainEqual(['PERSON', 'Emma Larsson']);
  });
});

describe('ner.tagger hard negatives', () => {
  it.each([
    'May I ask a question about my bill?',
    'Will you send the report by Friday?',
    'We will meet in May to review the budget.',
    'IMPORTANT: READ THE INSTRUCTIONS BEFORE YOU START',
    'My iPhone 15 keeps restarting after the update.',
    'Call getUserName() before calling saveProfile(user).',
    'Set MAX_RETRIES to 5 and TIMEOUT_MS to 3000.',
    'Summary\nThe results look good overall.',
    'Great job on the release, everyone!',
    'How do I open my credit card statement?',
  ])('finds nothing in %j', (text) => {
    expect(tag(text)).toEqual([]);
  });
});

describe('ner.tagger descriptor', () => {
  it('runs through the engine with exact offsets and its own id', () => {
    const scanner = createScanner({ recognizers: nerRecognizers });
    const text = 'Send it to Maria Gonzalez.';
    const findings = scanner.scan(text);
    expect(findings.map((f) => [f.type, text.slice(f.start, f.end), f.recognizer])).toContainEqual([
      'PERSON',
      'Maria Gonzalez',
      'ner.tagger',
    ]);
    for (const f of findings) expect(f.score).toBeGreaterThan(0);
  });

  it('restricts output to the configured types', () => {
    const scanner = createScanner({
      recognizers: nerRecognizers,
      recognizerOptions: { 'ner.tagger': { types: ['LOCATION'] } },
    });
    expect(scanner.scan('Maria Gonzalez moved to Portugal.').map((f) => f.type)).toEqual(['LOCATION']);
  });

  it('rejects unknown option keys and types', () => {
    expect(() =>
      createScanner({
        recognizers: nerRecognizers,
        recognizerOptions: { 'ner.tagger': { types: ['EMAIL'] } },
      }),
    ).toThrow();
  });

  it('handles long text without sentence ends, keeping offsets inside the text', () => {
    const text = Array.from({ length: 1500 }, (_, i) => (i % 50 === 7 ? 'Maria Gonzalez' : 'word')).join(' ');
    const findings = tagger.scan(text, { ...ctx, lower: text.toLowerCase() });
    for (const f of findings) {
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeLessThanOrEqual(text.length);
      expect(f.end).toBeGreaterThan(f.start);
    }
    expect(findings.some((f) => text.slice(f.start, f.end) === 'Maria Gonzalez')).toBe(true);
  });

  it('finds nothing in empty or whitespace-only text', () => {
    expect(tag('')).toEqual([]);
    expect(tag(' \n\t ')).toEqual([]);
  });

  it('is deterministic', () => {
    const text = 'Dr. Amal Haddad of Northwind Traders Ltd visited 10 Downing Street, London.';
    expect(tag(text)).toEqual(tag(text));
  });
});
