import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { eachAnchored, isAlnum } from './span-tools.js';

// scheme://user:password@host[:port] — the span covers the scheme through the authority.
const URL_WITH_CREDENTIALS =
  /[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/(?<user>[^\s:/?#@"'<>]{0,128}):(?<password>[^\s/?#@"'<>]{1,128})@[A-Za-z0-9_.[\]:%-]{1,255}/y;
const SCHEME_END = /:\/\//g;
const isSchemeChar = (c: number): boolean => isAlnum(c) || c === 43 || c === 45 || c === 46;

// Documentation placeholders; still reported, but below the default threshold.
const PLACEHOLDER =
  /^(?:<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\$\w+|%[\w()]+s?|\*+|x+|\.{3}|password|passwd|pass|pwd|secret|changeme|your[-_]?password)$/i;

/** URLs that carry a password in their userinfo (database URLs, proxies, git remotes). */
export const urlCredentialsRecognizer = defineRecognizer({
  id: 'pii.url-credentials',
  mode: 'sync',
  entities: [{ type: 'URL_CREDENTIALS', category: 'credential', level: 'restricted' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  keywords: ['://'],
  patterns: [URL_WITH_CREDENTIALS, SCHEME_END],
  options: z.object({}),
  create: () => ({
    scan(text) {
      const out: Finding[] = [];
      eachAnchored(text, SCHEME_END, isSchemeChar, 16, URL_WITH_CREDENTIALS, (m) => {
        if (m.index > 0 && /[\w+.-]/.test(text[m.index - 1]!)) return;
        const password = m.groups?.['password'] ?? '';
        const placeholder = PLACEHOLDER.test(password);
        // Trailing sentence punctuation is not part of the host.
        const raw = m[0].replace(/[.:\]]+$/, '');
        out.push({
          type: 'URL_CREDENTIALS',
          start: m.index,
          end: m.index + raw.length,
          score: placeholder ? 0.3 : 0.9,
          recognizer: 'pii.url-credentials',
          evidence: [placeholder ? 'placeholder' : 'userinfo-password'],
        });
      });
      return out;
    },
  }),
});
