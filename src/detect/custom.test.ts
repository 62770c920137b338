import { describe, expect, it } from 'vitest';
import { checkDetectSettings, createConfiguredScanner, entityCatalog } from './configured.js';
import { checkCustomPatterns, type CustomPatternSpec } from './custom.js';

const spec = (over: Partial<CustomPatternSpec> = {}): CustomPatternSpec => ({
  id: 'custom.employee-id',
  type: 'EMPLOYEE_ID',
  category: 'national_id',
  level: 'confidential',
  pattern: 'EMP-\\d{6}',
  flags: '',
  score: 0.5,
  context: { positive: ['employee'], negative: ['sku'] },
  requireContext: false,
  ...over,
});
const settings = (custom: CustomPatternSpec[]) => ({ disabled: [], enabled: [], options: {}, custom });

describe('custom pattern recognisers', () => {
  it('finds the pattern, scored by context words, next to the built-in recognisers', () => {
    const scanner = createConfiguredScanner(settings([spec()]));
    const text = 'Employee EMP-004211 wrote from ana@example.com; sku EMP-999999 is a part number.';
    const found = scanner.scan(text, { minScore: 0 }).filter((f) => f.type === 'EMPLOYEE_ID');
    expect(found.map((f) => [text.slice(f.start, f.end), f.score])).toEqual([
      ['EMP-004211', 0.8],
      ['EMP-999999', 0.2],
    ]);
    expect(scanner.scan(text).map((f) => f.type)).toEqual(['EMPLOYEE_ID', 'EMAIL']);
    expect(entityCatalog(settings([spec()])).get('EMPLOYEE_ID')).toMatchObject({ category: 'national_id' });
  });

  it('with requireContext keeps only matches next to a positive word', () => {
    const scanner = createConfiguredScanner(settings([spec({ requireContext: true })]));
    const text = 'EMP-123456 was filed. Later, our employee EMP-654321 called.';
    const found = scanner.scan(text).filter((f) => f.type === 'EMPLOYEE_ID');
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['EMP-654321']);
  });

  it('refuses patterns that backtrack catastrophically, do not compile or match nothing but empty', () => {
    const issues = checkCustomPatterns([
      spec({ id: 'custom.a', pattern: '(a+)+$' }),
      spec({ id: 'custom.b', pattern: '(unclosed' }),
      spec({ id: 'custom.c', pattern: 'x*' }),
      spec({ id: 'custom.d', category: 'gossip' }),
      spec({ id: 'custom.d' }),
    ]);
    expect(issues.map((i) => [i.path.join('.'), i.message.split(' ')[0]])).toEqual([
      ['0.pattern', 'may'],
      ['1.pattern', 'is'],
      ['2.pattern', 'matches'],
      ['3.category', 'must'],
      ['4.id', 'duplicate'],
    ]);
    // The message names the problem, never the pattern text.
    expect(JSON.stringify(issues)).not.toContain('a+');
  });

  it('checks recogniser ids and their options by path, field names only', () => {
    const issues = checkDetectSettings({
      disabled: ['ner.tagger', 'no.such'],
      enabled: ['injection.remote'],
      options: { 'injection.remote': { timeoutMs: -5 } },
      custom: [],
    });
    const paths = issues.map((i) => i.path.join('.'));
    expect(paths).toContain('disabled.1');
    expect(paths).toContain('options.injection.remote.url');
    expect(paths).toContain('options.injection.remote.timeoutMs');
    expect(() => createConfiguredScanner(settings([spec({ pattern: '(a|a)*$' })]))).toThrow(
      /detect\.custom\.0\.pattern/,
    );
  });
});
