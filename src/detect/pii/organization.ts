import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { eachMatch, trieAlternation } from './span-tools.js';

// Legal forms that end a company name. Left out: ones that are also ordinary words or codes on their own
// ('SA', 'AS', 'SE', 'AB', 'LP', 'Co.', 'Company').
const LEGAL_FORMS = [
  'Inc', 'Inc.', 'Incorporated', 'Corp', 'Corp.', 'Corporation', 'LLC', 'L.L.C.', 'LLP', 'Ltd', 'Ltd.', 'Limited',
  'PLC', 'plc', 'GmbH', 'gGmbH', 'AG', 'KG', 'KGaA', 'OHG', 'e.V.', 'S.A.', 'S.A.S.', 'SAS', 'SARL', 'S.A.R.L.',
  'S.L.', 'S.p.A.', 'SpA', 'S.r.l.', 'Srl', 'N.V.', 'B.V.', 'BV', 'Pty Ltd', 'Pty. Ltd.', 'Oy', 'Oyj', 'ASA', 'A/S',
  'K.K.', 'S.A. de C.V.',
]; // prettier-ignore
// Without the u flag (several times faster to scan); the look-ahead covers Latin-1 letters.
const LEGAL_FORM = new RegExp(
  `\\b(?:${trieAlternation(LEGAL_FORMS)})(?![A-Za-z0-9\\u00c0-\\u024f]|\\.[A-Za-z])`,
  'g',
);
// One word of a name: capitalised or a number ('3M', 'Acme', 'Coca-Cola', 'AT&T', "McDonald's").
const NAME_WORD = /^(?:\p{Lu}|\d)[\p{L}\p{M}\p{N}&'’.-]{0,40}$/u;
// Small words inside a name ('Bank of America Corp.', 'Müller und Söhne GmbH'), never at its start.
const CONNECTORS = new Set(['of', 'and', '&', 'de', 'du', 'der', 'und', 'et', 'y', 'la', 'le', 'the', 'for']);
// Capitalised because they start a sentence or a phrase, not part of the name.
const LEADING_STOP = new Set([
  'The', 'A', 'An', 'At', 'In', 'On', 'For', 'From', 'With', 'By', 'To', 'Of', 'And', 'Our', 'My', 'Your', 'Their',
  'His', 'Her', 'This', 'That', 'We', 'I', 'Contact', 'Dear', 'Call', 'Ask', 'Join', 'Visit',
]); // prettier-ignore
const MAX_WORDS = 6;
const LEGAL_FORM_WORDS = new Set(LEGAL_FORMS.filter((f) => !f.includes(' ')));

/** Where the name before a legal form starts, or -1 when no capitalised name stands right before it. */
function nameStart(text: string, formStart: number): number {
  let end = formStart;
  if (text[end - 1] !== ' ') return -1;
  end--;
  if (text[end - 1] === ',') end--; // 'Acme, Inc.'
  // Words right before, nearest first, while they can belong to a name.
  const words: Array<{ word: string; at: number }> = [];
  for (let cursor = end; words.length < MAX_WORDS && cursor > 0;) {
    const space = text.lastIndexOf(' ', cursor - 1);
    const at = space + 1;
    const word = text.slice(at, cursor);
    // A list or sentence boundary, or another company's legal form, ends the name.
    if (/[,;:!?]$/.test(word) || LEGAL_FORM_WORDS.has(word) || /\p{L}{3}\.$/u.test(word)) break;
    if (!NAME_WORD.test(word) && !(CONNECTORS.has(word) && words.length > 0)) break;
    words.push({ word, at });
    if (space < 0 || space < end - 200) break;
    cursor = space;
  }
  // The name starts at its first capitalised word that does not just open the sentence.
  while (words.length > 0) {
    const first = words[words.length - 1]!.word;
    if (!CONNECTORS.has(first) && !LEADING_STOP.has(first)) break;
    words.pop();
  }
  return words.length > 0 ? words[words.length - 1]!.at : -1;
}

/**
 * Company names that end in a legal form ('Acme Widgets Inc.', 'Siemens AG', 'Fiat S.p.A.', 'Bank of
 * America Corp.'): up to five capitalised words before the form. Names without one are the tagger's.
 */
export const organizationRecognizer = defineRecognizer({
  id: 'pii.organization',
  mode: 'sync',
  entities: [{ type: 'ORGANIZATION', category: 'organization', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  patterns: [LEGAL_FORM, NAME_WORD],
  options: z.object({}),
  create: () => ({
    scan(text) {
      const out: Finding[] = [];
      eachMatch(LEGAL_FORM, text, (m) => {
        const start = nameStart(text, m.index);
        if (start < 0) return;
        out.push({
          type: 'ORGANIZATION',
          start,
          end: m.index + m[0].length,
          score: 0.85,
          recognizer: 'pii.organization',
          evidence: ['legal-form'],
        });
      });
      return out;
    },
  }),
});
