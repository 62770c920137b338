import type { Finding } from '../../core/index.js';

/** Why a run of invisible characters was reported. */
export type HiddenTextKind = 'tag-characters' | 'bidi-override' | 'variation-selectors' | 'zero-width';

const SCORES: Record<HiddenTextKind, number> = {
  'tag-characters': 0.95,
  'variation-selectors': 0.9,
  'bidi-override': 0.75,
  'zero-width': 0.6,
};

function classify(cp: number): HiddenTextKind | undefined {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag-characters';
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'variation-selectors';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi-override';
  if (
    cp === 0x200b ||
    cp === 0x200c ||
    cp === 0x200d ||
    cp === 0x2060 ||
    cp === 0xfeff ||
    cp === 0x2062 ||
    cp === 0x2063 ||
    cp === 0x2064
  )
    return 'zero-width';
  return undefined;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Finds invisible characters used to hide or smuggle text, as `HIDDEN_TEXT` spans (UTF-16 offsets).
 * Ordinary uses stay quiet: a single variation selector (emoji presentation), zero-width joiners in
 * emoji or between non-Latin letters (ZWNJ in Persian and Indic scripts), a leading byte-order mark, and
 * the tag sequence of a subdivision flag emoji.
 */
export function findHiddenText(text: string, recognizer = 'injection.hidden-text'): Finding[] {
  const findings: Finding[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const kind = classify(cp);
    if (!kind) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    let j = i;
    let count = 0;
    while (j < text.length) {
      const c = text.codePointAt(j)!;
      if (classify(c) !== kind) break;
      count++;
      j += c > 0xffff ? 2 : 1;
    }
    if (reportable(text, kind, i, j, count)) {
      findings.push({
        type: 'HIDDEN_TEXT',
        start: i,
        end: j,
        score: SCORES[kind],
        recognizer,
        evidence: [kind, `count:${count}`],
      });
    }
    i = j;
  }
  return findings;
}

function reportable(text: string, kind: HiddenTextKind, start: number, end: number, count: number): boolean {
  switch (kind) {
    case 'tag-characters':
      // A flag emoji (black flag + 2-6 tag letters + cancel tag) is legitimate.
      return !(
        count <= 7 &&
        text.codePointAt(start - 2) === 0x1f3f4 &&
        text.codePointAt(end - 2) === 0xe007f
      );
    case 'variation-selectors':
      return count >= 2;
    case 'bidi-override':
      return true;
    case 'zero-width': {
      if (start === 0 && text.charCodeAt(0) === 0xfeff && count === 1) return false;
      if (count >= 2) return true;
      // A lone joiner between ASCII letters splits a word to dodge filters; elsewhere it shapes scripts and emoji.
      return isAsciiLetter(text.charCodeAt(start - 1)) && isAsciiLetter(text.charCodeAt(end));
    }
  }
}
