import { describe, expect, it } from 'vitest';
import { matchShape, parseShape } from './shape.js';

describe('token shapes', () => {
  it('parses prefix + bounded runs and matches them like the regex would', () => {
    const source = String.raw`(?<![A-Za-z0-9_-])(glpat-[0-9a-zA-Z_\-]{20})(?![A-Za-z0-9_-])`;
    const shape = parseShape(source, '');
    expect(shape?.prefix).toBe('glpat-');
    const regex = new RegExp(source);
    for (const text of [
      'glpat-abcdEFGH1234_-xyzw0 ',
      'glpat-short',
      'glpat-abcdEFGH1234_-xyzw0X',
      'xglpat-abcdEFGH1234_-xyzw0',
    ]) {
      const at = text.indexOf('glpat-');
      const end = shape ? matchShape(shape, text, at) : -1;
      const m = regex.exec(text);
      expect(end === -1 ? undefined : text.slice(at, end), text).toBe(m?.index === at ? m[1] : undefined);
    }
  });

  it('honours gitleaks value terminators and case-insensitive flags', () => {
    const shape = parseShape(String.raw`\b(dapi[a-f0-9]{32})(?:[\x60'"\s;]|\\[nr]|$)`, 'i');
    const hex = 'ABCDEF0123456789abcdef0123456789';
    expect(shape && matchShape(shape, `DAPI${hex}"`, 0)).toBe(36);
    expect(shape && matchShape(shape, `dapi${hex}\\n`, 0)).toBe(36);
    expect(shape && matchShape(shape, `dapi${hex}z`, 0)).toBe(-1);
    expect(shape && matchShape(shape, `xdapi${hex}`, 1)).toBe(-1);
  });

  it('refuses patterns where greedy matching could differ from backtracking', () => {
    expect(parseShape('[a-z0-9]{10,20}[a-z]{4}', '')).toBeUndefined();
    expect(parseShape('(?:live|test)_[a-z]{8}', '')).toBeUndefined();
    expect(parseShape('abc.{4}', '')).toBeUndefined();
    expect(parseShape('[^"]{4,8}', '')).toBeUndefined();
    expect(parseShape('x[a-z]{1,8}', 'm')).toBeUndefined();
  });
});
