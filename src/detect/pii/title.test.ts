import { describe, expect, it } from 'vitest';
import { honorificAt, HONORIFICS } from '../honorifics.js';
import { spans } from './test-helpers.js';

describe('TITLE (honorifics)', () => {
  it.each([
    ['Mr. John Smith called', ['Mr.']],
    ['Dear Mrs Jones, thank you', ['Mrs']],
    ['Ms. Lee and Dr Patel met Mx. Rivera', ['Ms.', 'Dr', 'Mx.']],
    ['Prof. Dr. Hans Meier lectures', ['Prof. Dr.']],
    ['mrs. catherine vassiliev lives here', ['mrs.']], // lower-cased text: the period form is enough
    ['MR. JOHN SMITH', ['MR.']],
    ['Herr Schmidt und Frau Weber', ['Herr', 'Frau']],
    ['Mme Dubois et Mlle Martin', ['Mme', 'Mlle']],
    ['Sra. García y Srta. López', ['Sra.', 'Srta.']],
    ['Sir Elton John and Dame Judi Dench', ['Sir', 'Dame']],
    ['Miss Ashley Kvamme, Apt. 722', ['Miss']],
    ['M. Dupont est arrivé', ['M.']],
    ['Rev. Green and Capt. Hook', ['Rev.', 'Capt.']],
  ])('finds the honorific in %j', (text, expected) => {
    expect(spans(text, 'TITLE')).toEqual(expected);
  });

  it('reads "Don" as a title only in Spanish, Italian or Portuguese text', () => {
    expect(spans('Don Johnson is here', 'TITLE')).toEqual([]);
    expect(spans('Don Pedro llegó ayer', 'TITLE', { language: 'es' })).toEqual(['Don']);
  });

  it.each([
    'I miss Ashley so much', // the verb
    'Dear Sir, thank you', // no name after it
    'It took 200 ms. Then it failed', // milliseconds
    '42 Oak Dr. Springfield', // Drive
    'John M. Smith Sr. was here', // an initial and 'Senior'
    'MS Office and MR imaging', // acronyms
    'Gen Z and rev 3 of the col header',
    'Mr.\nSmith', // a line break is not a name that follows
    'const dr = mr.x; if (ms.length) {}',
  ])('finds no title in %j', (text) => {
    expect(spans(text, 'TITLE')).toEqual([]);
  });

  it('matches every listed honorific only at a word start', () => {
    for (const word of HONORIFICS) {
      const cased = word[0]!.toUpperCase() + word.slice(1);
      expect(honorificAt(`x${cased}. Smith`, 1), word).toBeUndefined();
    }
  });
});
