import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { buildProcessingRecord, processingRecordHtml } from './processing-record.js';

const yaml = `
upstreams:
  openai: { kind: openai-compatible, baseUrl: 'https://user:hunter2@api.openai.com/v1', region: US }
  onprem: { kind: openai-compatible, baseUrl: 'https://llm.internal/v1', trusted: true }
models: { '*': { upstream: openai } }
policy:
  input:
    default: redact
    categories: { contact: tokenize, person: allow, health: block }
retention: { auditDays: 730, transcriptDays: 14 }
compliance:
  processing:
    controller: Example GmbH
    contact: privacy@example.com
    purposes: [Customer support answers]
`;

describe('GDPR Art. 30 record', () => {
  it('lists controller, purposes, data categories, recipients with regions, retention and safeguards from the config', () => {
    const now = new Date('2026-06-30T00:00:00.000Z');
    const r = buildProcessingRecord(parseConfig(yaml, { env: {} }), now);
    expect(r.controller).toEqual({ name: 'Example GmbH', contact: 'privacy@example.com' });
    expect(r.purposes).toEqual(['Customer support answers']);
    expect(r.dataSubjects).toEqual(['Users of the applications behind the gateway']);
    expect(r.dataCategories).toEqual([
      {
        category: 'contact',
        action: 'tokenize',
        providerReceives: 'a placeholder; the original is restored in the answer only for cleared principals',
      },
      { category: 'person', action: 'allow', providerReceives: 'the original value' },
      {
        category: 'location',
        action: 'redact',
        providerReceives: 'a type label ([TYPE]) instead of the value',
      },
      {
        category: 'financial',
        action: 'redact',
        providerReceives: 'a type label ([TYPE]) instead of the value',
      },
      {
        category: 'national_id',
        action: 'redact',
        providerReceives: 'a type label ([TYPE]) instead of the value',
      },
      { category: 'health', action: 'block', providerReceives: 'nothing: the request is refused' },
    ]);
    expect(r.recipients).toEqual([
      {
        name: 'openai',
        host: 'api.openai.com',
        kind: 'openai-compatible',
        region: 'US',
        receives: 'masked prompts only (routed content never goes here)',
      },
      {
        name: 'onprem',
        host: 'llm.internal',
        kind: 'openai-compatible',
        region: 'not configured (upstreams.<name>.region)',
        receives: 'masked prompts, plus content the policy routes to trusted upstreams',
      },
    ]);
    expect(r.retention.map((x) => x.days)).toEqual([730, 14, 30, 1, 400]);
    expect(r.generatedAt).toBe(now.toISOString());
    const html = processingRecordHtml(r);
    expect(JSON.stringify(r) + html).not.toContain('hunter2');
    expect(html).toContain('<td>api.openai.com</td>');
  });

  it('says what is missing instead of inventing a controller', () => {
    const r = buildProcessingRecord(
      parseConfig(
        `upstreams: { a: { kind: anthropic, baseUrl: 'https://api.anthropic.com/v1' } }\nmodels: {}`,
        { env: {} },
      ),
    );
    expect(r.controller.name).toBe('not configured (compliance.processing)');
  });
});
