import { describe, expect, it } from 'vitest';
import { createScanner } from '../engine.js';
import { builtinSecretRules, secretRecognizers, SECRETS_RECOGNIZER_ID } from './index.js';
import { KeywordIndex } from './keyword-index.js';
import { parseShape } from './shape.js';
import { ALNUM, found, HEX, rand, scanner } from './test-secrets.js';

describe('rule catalogue', () => {
  it('has at least 200 rules with unique ids, lower-case keywords and secret/credential entities', () => {
    expect(builtinSecretRules.length).toBeGreaterThanOrEqual(200);
    expect(new Set(builtinSecretRules.map((r) => r.id)).size).toBe(builtinSecretRules.length);
    for (const rule of builtinSecretRules) {
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const k of rule.keywords) expect(k, rule.id).toBe(k.toLowerCase());
    }
    const [descriptor] = secretRecognizers;
    for (const e of descriptor?.entities ?? []) {
      expect(['secret', 'credential']).toContain(e.category);
      expect(e.level).toBe('restricted');
    }
  });

  it('declares every regex it runs for the ReDoS audit; the rest are linear token shapes', () => {
    const patterns = new Set(secretRecognizers[0]?.patterns?.map((p) => p.source));
    const undeclared = builtinSecretRules.flatMap((r) =>
      [r.pattern, r.name]
        .filter(
          (p): p is RegExp => p !== undefined && !patterns.has(p.source) && !parseShape(p.source, p.flags),
        )
        .map(() => r.id),
    );
    expect(undeclared).toEqual([]);
  });
});

describe('keyword index', () => {
  it('reports every keyword occurrence, overlapping ones included', () => {
    const index = new KeywordIndex([['api'], ['apikey', 'key'], ['xoxb-']]);
    const hits = index.find('my_apikey and xoxb-1').map((h) => `${h.at}:${h.keyword}:${h.rules.join(',')}`);
    expect(hits).toEqual(['3:apikey:1', '3:api:0', '6:key:1', '14:xoxb-:2']);
  });
});

describe('generic assigned secrets', () => {
  const value = rand(ALNUM, 32);

  it.each([
    `api_key = "${value}"`,
    `"client_secret": "${value}"`,
    `export SERVICE_TOKEN=${value}`,
    `password: '${value}'`,
    `auth.token := "${value}"`,
  ])('finds the value, not the name: %s', (text) => {
    expect(found(text)).toEqual([`GENERIC_SECRET:${value}`]);
  });

  it.each([
    'api_key = "${API_KEY}"',
    'api_key = "<your-api-key>"',
    'password = "changeme"',
    'secret: xxxxxxxxxxxxxxxxxxxxxxxx',
    'token = "{{ .Values.token }}"',
    'api_key = "abcdefghijklmnop1234"',
    'SECRET_KEY = "aaaaaaaaaaaaaaaaaaaaaaaa"',
    'key = "example-key-for-docs-1"',
    'primary_key = "id"',
    'token: %API_TOKEN%',
  ])('ignores placeholders: %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('ignores hashes, ids and blobs that are not assigned to key-like names', () => {
    const sha = rand(HEX, 40);
    const texts = [
      `commit ${sha}\nMerge: ${rand(HEX, 7)}`,
      `"integrity": "sha512-${rand(ALNUM + '+/', 86)}=="`,
      `request_id = "${crypto.randomUUID()}"`,
      `<img src="data:image/png;base64,iVBORw0KGgo${rand(ALNUM + '+/', 200)}">`,
      `"resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"`,
    ];
    for (const text of texts) expect(found(text), text).toEqual([]);
  });
});

describe('SecretScanner', () => {
  it('keeps offsets right after characters whose lower case changes length', () => {
    const secret = 'ghp_' + rand(ALNUM, 36);
    const text = `İstanbul İ token: ${secret}`;
    const [f] = scanner.scan(text);
    expect(text.slice(f?.start, f?.end)).toBe(secret);
  });

  it('finds secrets in a large text and only near keywords', () => {
    const secret = 'glpat-' + rand(ALNUM, 20);
    const filler = 'The quick brown fox jumps over the lazy dog. '.repeat(20_000);
    const text = `${filler}${secret} ${filler}`;
    const [f] = scanner.scan(text);
    expect(f?.start).toBe(filler.length);
    expect(f?.recognizer).toBe(SECRETS_RECOGNIZER_ID);
  });

  it('can switch rules off by id', () => {
    const custom = createScanner({
      recognizers: secretRecognizers,
      recognizerOptions: { [SECRETS_RECOGNIZER_ID]: { disabledRules: ['generic-api-key'] } },
    });
    expect(custom.scan(`api_key = "${rand(ALNUM, 32)}"`)).toEqual([]);
  });
});
