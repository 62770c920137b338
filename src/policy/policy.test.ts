import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/index.js';
import type { EntityDescriptor } from '../detect/index.js';
import { cleared, evaluate, resolvePolicy, stricter, typesNeeding, type PolicyDocument } from './index.js';

const entities = new Map<string, EntityDescriptor>([
  ['EMAIL', { type: 'EMAIL', category: 'contact', level: 'confidential' }],
  ['AWS_ACCESS_KEY', { type: 'AWS_ACCESS_KEY', category: 'secret', level: 'restricted' }],
  ['PROMPT_INJECTION', { type: 'PROMPT_INJECTION', category: 'injection', level: 'internal' }],
]);

const finding = (type: string, score = 0.9): Finding => ({ type, start: 0, end: 3, score, recognizer: 't' });

const base: PolicyDocument = {
  classification: {},
  input: {
    types: {},
    categories: { contact: 'tokenize', secret: 'redact', injection: 'block' },
    levels: {},
    default: 'redact',
    minScore: 0.5,
    injectionInSystem: false,
  },
  output: {
    types: {},
    categories: { secret: 'block' },
    levels: {},
    default: 'allow',
    minScore: 0.5,
    holdbackChars: 64,
    leakThreshold: 0.7,
    linkHosts: [],
  },
  canary: true,
  failOpen: false,
  guardrailTimeoutMs: 1000,
  routes: [],
};

describe('evaluate', () => {
  it('picks the strictest action and the highest level', () => {
    const { decision, actions } = evaluate({
      findings: [finding('EMAIL'), finding('AWS_ACCESS_KEY')],
      rules: base.input,
      entities,
    });
    expect(actions.map((a) => a.action)).toEqual(['tokenize', 'redact']);
    expect(decision.action).toBe('tokenize');
    expect(decision.level).toBe('restricted');
    expect(decision.reasons).toEqual(['EMAIL:tokenize', 'AWS_ACCESS_KEY:redact']);
  });

  it('lets a type rule beat its category and blocks injection', () => {
    const rules = { ...base.input, types: { EMAIL: 'allow' as const } };
    expect(evaluate({ findings: [finding('EMAIL')], rules, entities }).decision.action).toBe('allow');
    expect(evaluate({ findings: [finding('PROMPT_INJECTION')], rules, entities }).decision.action).toBe(
      'block',
    );
  });

  it('applies level rules and the default to unknown types (fail closed)', () => {
    const rules = { ...base.input, categories: {}, levels: { restricted: 'route' as const } };
    expect(evaluate({ findings: [finding('AWS_ACCESS_KEY')], rules, entities }).decision.action).toBe(
      'route',
    );
    const unknown = evaluate({ findings: [finding('NEW_THING')], rules, entities });
    expect(unknown.decision).toMatchObject({ action: 'redact', level: 'confidential' });
  });

  it('ignores findings under the minimum score', () => {
    expect(
      evaluate({ findings: [finding('PROMPT_INJECTION', 0.3)], rules: base.input, entities }).decision.action,
    ).toBe('allow');
  });
});

describe('typesNeeding', () => {
  it('lists only types whose action is not allow, or everything when the default acts', () => {
    expect(typesNeeding(base.output, entities)).toEqual(['AWS_ACCESS_KEY']);
    expect(typesNeeding({ ...base.output, types: { MARKDOWN_EXFILTRATION: 'redact' } }, entities)).toEqual([
      'AWS_ACCESS_KEY',
      'MARKDOWN_EXFILTRATION',
    ]);
    expect(typesNeeding(base.input, entities)).toBeUndefined();
    expect(typesNeeding({ ...base.output, categories: {} }, entities)).toEqual([]);
  });

  it('answers equal rules with the same frozen list, and changed rules with a new one', () => {
    const first = typesNeeding({ ...base.output }, entities);
    expect(typesNeeding({ ...base.output }, entities)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const changed = typesNeeding({ ...base.output, types: { EMAIL: 'redact' } }, entities);
    expect(changed).not.toBe(first);
    expect(changed).toContain('EMAIL');
    // Another scanner's catalogue is answered on its own.
    const fewer = new Map([...entities].filter(([type]) => type !== 'AWS_ACCESS_KEY'));
    expect(typesNeeding({ ...base.output }, fewer)).toEqual([]);
  });
});

describe('resolvePolicy', () => {
  it('merges matching route overrides field by field', () => {
    const policy: PolicyDocument = {
      ...base,
      routes: [
        { models: ['local'], paths: ['*'], input: { categories: { contact: 'allow' } }, failOpen: true },
        { models: ['other'], paths: ['*'], canary: false },
      ],
    };
    const local = resolvePolicy(policy, { model: 'local', path: '/v1/chat/completions' });
    expect(local.input.categories).toEqual({ contact: 'allow', secret: 'redact', injection: 'block' });
    expect(local.failOpen).toBe(true);
    expect(local.canary).toBe(true);
    expect(resolvePolicy(policy, { model: 'gpt', path: '/x' }).failOpen).toBe(false);
  });

  it('applies caller-specific overrides only to the tenant, role or principal they name', () => {
    const policy: PolicyDocument = {
      ...base,
      routes: [
        { models: ['*'], paths: ['*'], tenants: ['hospital'], input: { categories: { contact: 'block' } } },
        { models: ['*'], paths: ['*'], roles: ['developer'], canary: false },
        { models: ['*'], paths: ['*'], principals: ['key_ci'], failOpen: true },
      ],
    };
    const at = (caller?: { tenant: string; roles: string[]; ids: string[] }) =>
      resolvePolicy(policy, { model: 'm', path: '/v1/chat/completions', ...(caller ? { caller } : {}) });
    expect(at({ tenant: 'hospital', roles: ['app'], ids: ['app:x'] }).input.categories.contact).toBe('block');
    expect(at({ tenant: 'shop', roles: ['app'], ids: ['app:x'] }).input.categories.contact).not.toBe('block');
    expect(at({ tenant: 'shop', roles: ['app', 'developer'], ids: ['u'] }).canary).toBe(false);
    expect(at({ tenant: 'shop', roles: ['app'], ids: ['u', 'key_ci'] }).failOpen).toBe(true);
    // With no caller known, caller-specific overrides never apply (fail towards the base policy).
    expect(at()).toMatchObject({ canary: true, failOpen: false });
  });
});

describe('helpers', () => {
  it('orders actions and clearance', () => {
    expect(stricter('redact', 'block')).toBe('block');
    expect(stricter('route', 'tokenize')).toBe('route');
    expect(cleared('confidential', 'internal')).toBe(true);
    expect(cleared('internal', 'restricted')).toBe(false);
  });
});
