import { parse } from 'tldts';
import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import { defineRecognizer } from '../recognizer.js';
import { eachAnchored, isAlnum } from './span-tools.js';

// http(s)/ftp URLs, found from their '://': the whole URL is the span (host and path identify the site).
const URL = /(?:https?|ftp):\/\/[^\s/?#"'<>()[\]{}|\\^`]{1,253}(?:[/?#][^\s"'<>{}|\\^`]{0,2048})?/iy;
const SCHEME_END = /:\/\//g;
// Bare host names, found from their top-level domain: labels, then an alphabetic TLD that must be on
// the public suffix list. Not followed by '(' ('items.map(') or another label.
const TLD = /\.[A-Za-z]{2,24}(?![\w@(-]|\.[A-Za-z0-9])/g;
const HOST = /^(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}$/;
const NOT_BEFORE = /[\w.@/:%+-]/;

// ccTLDs that are also common file extensions ('readme.md', 'setup.py'): weak without 'www.'.
const FILE_LIKE = new Set([
  'md',
  'py',
  'rs',
  'sh',
  'pl',
  'pm',
  'so',
  'ps',
  'ai',
  'cc',
  'zip',
  'mov',
  'ml',
  'st',
  'sb',
  'ms',
  'sc',
  'tf',
  'mk',
  'gs',
  'ts',
  'cs',
  'ac',
]);
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** The public-suffix verdict for a host name, or undefined when it is not a registrable domain. */
function registrable(host: string): string | undefined {
  const info = parse(host, { allowPrivateDomains: false });
  if (info.isIp || info.isIcann !== true || info.domain === null || info.publicSuffix === null)
    return undefined;
  // 'www.microsoft' is a host under a brand TLD with no registrable name of its own.
  if (info.domainWithoutSuffix === 'www') return undefined;
  return info.publicSuffix;
}

const isHostChar = (c: number): boolean => isAlnum(c) || c === 45 || c === 46;

/** Domain names and web URLs whose host ends in a real (ICANN) public suffix. */
export const domainNameRecognizer = defineRecognizer({
  id: 'pii.domain-name',
  mode: 'sync',
  entities: [{ type: 'DOMAIN_NAME', category: 'network', level: 'internal' }],
  languages: 'any',
  scope: 'span',
  streaming: true,
  keywords: ['.'],
  patterns: [URL, SCHEME_END, TLD, HOST],
  options: z.object({}),
  create: () => ({
    scan(text) {
      const out: Finding[] = [];
      let coveredUntil = -1;
      const urlEnds: Array<[number, number]> = [];
      eachAnchored(
        text,
        SCHEME_END,
        (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
        5,
        URL,
        (m) => {
          if (m.index > 0 && /[\w.+-]/.test(text[m.index - 1]!)) return;
          const raw = m[0].replace(TRAILING, '');
          const host = raw
            .replace(/^[a-z]+:\/\//i, '')
            .split(/[/?#]/)[0]!
            .replace(/^[^@]*@/, '')
            .replace(/:\d+$/, '');
          if (registrable(host.toLowerCase()) === undefined) return;
          urlEnds.push([m.index, m.index + raw.length]);
          out.push(domainFinding(m.index, m.index + raw.length, 0.85, 'url'));
        },
      );
      TLD.lastIndex = 0;
      for (let t = TLD.exec(text); t !== null; t = TLD.exec(text)) {
        const end = t.index + t[0].length;
        let start = t.index;
        while (start > 0 && t.index - start < 253 && isHostChar(text.charCodeAt(start - 1))) start--;
        while (text[start] === '.' || text[start] === '-') start++;
        if (start <= coveredUntil || urlEnds.some(([s, e]) => start >= s && start < e)) continue;
        if (start > 0 && NOT_BEFORE.test(text[start - 1]!)) continue;
        const raw = text.slice(start, end);
        const tld = t[0].slice(1);
        // 'end.Then' is a missing space after a full stop, not a domain.
        if (/^[A-Z][a-z]/.test(tld) || !HOST.test(raw)) continue;
        if (raw.split('.').some((label) => label.startsWith('-') || label.endsWith('-'))) continue;
        if (registrable(raw.toLowerCase()) === undefined) continue;
        coveredUntil = end;
        const www = /^www\./i.test(raw);
        const fileLike = !www && raw.split('.').length === 2 && FILE_LIKE.has(tld.toLowerCase());
        out.push(
          domainFinding(start, end, www ? 0.85 : fileLike ? 0.3 : 0.6, fileLike ? 'file-like' : 'host'),
        );
      }
      return out;
    },
  }),
});

function domainFinding(start: number, end: number, score: number, evidence: string): Finding {
  return { type: 'DOMAIN_NAME', start, end, score, recognizer: 'pii.domain-name', evidence: [evidence] };
}
