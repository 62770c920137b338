import type { Finding } from '../../core/index.js';

export interface ExfiltrationOptions {
  /** Hosts that may appear in responses; 'example.com' also allows its subdomains. */
  allowedHosts?: readonly string[];
  /** Report images to foreign hosts even when the URL carries no visible data (tracking pixels). Default true. */
  reportBareImages?: boolean;
}

type LinkKind = 'markdown-image' | 'markdown-link' | 'reference-link' | 'html-image';

const IMAGE = /!\[[^\]\n]{0,256}\]\(\s{0,4}<?(https?:\/\/[^\s)>]{1,4096})/gi;
const LINK = /(?<!!)\[[^\]\n]{0,256}\]\(\s{0,4}<?(https?:\/\/[^\s)>]{1,4096})/gi;
const REFERENCE = /^[ \t]{0,3}\[[^\]\n]{1,256}\]:[ \t]{0,8}<?(https?:\/\/[^\s>]{1,4096})/gim;
const HTML_IMAGE = /<img\b[^>]{0,512}?\bsrc\s{0,4}=\s{0,4}["']?(https?:\/\/[^"'\s>]{1,4096})/gi;

const ENCODED_SEGMENT = /^[A-Za-z0-9+_=%.-]{24,4096}$/;
const ESCAPED = /[\s%]/;

/** Every regex the exfiltration check runs, for the ReDoS audit. */
export const EXFILTRATION_PATTERNS: readonly RegExp[] = [
  IMAGE,
  LINK,
  REFERENCE,
  HTML_IMAGE,
  ENCODED_SEGMENT,
  ESCAPED,
];

function allowed(host: string, allowedHosts: readonly string[]): boolean {
  return allowedHosts.some((a) => {
    const h = a.toLowerCase();
    return host === h || host.endsWith(`.${h}`);
  });
}

/** Signs that a URL carries data: long query values, or long encoded-looking path segments. */
function dataSignals(url: URL): string[] {
  const signals: string[] = [];
  for (const [, value] of url.searchParams) {
    if (value.length >= 12 || ESCAPED.test(value)) {
      signals.push('data:query');
      break;
    }
  }
  if (url.search.length > 64 && !signals.length) signals.push('data:query');
  if (url.pathname.split('/').some((seg) => seg.length >= 24 && ENCODED_SEGMENT.test(seg)))
    signals.push('data:path');
  if (url.hash.length > 24) signals.push('data:fragment');
  return signals;
}

/**
 * Finds markdown/HTML images and links in a model response that point to hosts outside the allow-list
 * and carry data in their URL: a rendered image is fetched without a click, so a response can smuggle
 * conversation data to an attacker's server. Findings are `MARKDOWN_EXFILTRATION` spans.
 */
export function findExfiltrationLinks(text: string, options: ExfiltrationOptions = {}): Finding[] {
  const allowedHosts = options.allowedHosts ?? [];
  const findings: Finding[] = [];
  const scan = (re: RegExp, kind: LinkKind): void => {
    for (const m of text.matchAll(re)) {
      const raw = m[1]!;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        continue;
      }
      if (allowed(url.hostname.toLowerCase(), allowedHosts)) continue;
      const data = dataSignals(url);
      const image = kind === 'markdown-image' || kind === 'html-image';
      if (!data.length && !(image && options.reportBareImages !== false)) continue;
      const start = m.index + m[0].length - raw.length;
      findings.push({
        type: 'MARKDOWN_EXFILTRATION',
        start,
        end: start + raw.length,
        score: image ? (data.length ? 0.95 : 0.6) : 0.7,
        recognizer: 'injection.exfiltration',
        evidence: [kind, 'host-not-allowed', ...data],
      });
    }
  };
  scan(IMAGE, 'markdown-image');
  scan(LINK, 'markdown-link');
  scan(REFERENCE, 'reference-link');
  scan(HTML_IMAGE, 'html-image');
  return findings.sort((a, b) => a.start - b.start);
}
