import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { eachAnchored } from './span-tools.js';

// Local part, '@', host labels and an alphabetic or punycode top-level domain. Every quantifier is
// bounded so the scan stays linear; the dot-atom rules the regex leaves out are checked in code.
const EMAIL =
  /[A-Za-z0-9._%+'-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})(?![\w-]|\.[A-Za-z0-9])/y;
const AT = /@/g;

const isLocalChar = (c: number): boolean =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  "._%+'-".includes(String.fromCharCode(c));

/** No empty or dash-edged labels, no dots at the edges of the local part. */
function wellFormed(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return address
    .slice(at + 1)
    .split('.')
    .every((label) => label.length > 0 && !label.startsWith('-') && !label.endsWith('-'));
}

/** E-mail addresses (RFC 5322 dot-atom form, internationalised domains as punycode). */
export const emailRecognizer = defineRecognizer({
  id: 'pii.email',
  mode: 'sync',
  entities: [{ type: 'EMAIL', category: 'contact', level: 'confidential' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  keywords: ['@'],
  patterns: [EMAIL],
  options: z.object({}),
  create: () => ({
    scan(text) {
      const out: Finding[] = [];
      eachAnchored(text, AT, isLocalChar, 64, EMAIL, (m) => {
        // A local part longer than 64 characters was cut by the walk back: not an address.
        if (m.index > 0 && isLocalChar(text.charCodeAt(m.index - 1))) return;
        if (!wellFormed(m[0])) return;
        const end = m.index + m[0].length;
        out.push({
          type: 'EMAIL',
          start: m.index,
          end,
          score: 0.95,
          recognizer: 'pii.email',
          evidence: ['format'],
        });
      });
      return out;
    },
  }),
});
