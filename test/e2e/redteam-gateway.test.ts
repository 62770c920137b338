import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDefaultScanner } from '../../src/detect/index.js';
import { doRedteam, type RedteamResult } from '../../src/redteam/index.js';
import { createTestGateway, type TestGateway } from '../../src/testing/gateway-harness.js';
import type { FakeServer } from '../../src/testing/fake-models/server.js';
import { startVulnerableModel } from '../../src/testing/fake-models/vulnerable.js';

// The shipped default policy's guardrails: injection blocked on the way in, PII masked, secrets,
// canary and prompt leaks blocked on the way out, exfiltration links cut.
const POLICY = `policy:
  input:
    categories:
      contact: tokenize
      financial: tokenize
      national_id: tokenize
      credential: redact
      secret: redact
      injection: block
    default: allow
  output:
    categories: { secret: block, credential: block }
    types: { MARKDOWN_EXFILTRATION: redact }
    default: allow
    leakThreshold: 0.5
  canary: true
`;

let vulnerable: FakeServer;
let gateway: TestGateway;
let direct: RedteamResult;
let guarded: RedteamResult;

beforeAll(async () => {
  vulnerable = await startVulnerableModel({ email: 'spill.gateway@example.net', phone: '+1-415-555-0177' });
  gateway = await createTestGateway({
    upstreams: { main: { url: vulnerable.url } },
    extraYaml: POLICY,
    scanner: getDefaultScanner(),
  });
  const gatewayUrl = `${await gateway.listen()}/v1`;
  const common = { model: 'vuln-1', seed: 'gateway-e2e', perCategory: 1, concurrency: 8 };
  direct = await doRedteam({ ...common, target: vulnerable.url });
  guarded = await doRedteam({ ...common, target: gatewayUrl });
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await vulnerable?.close();
});

describe('Bulwark gateway in front of the vulnerable model', () => {
  it('lowers the attack success rate overall and in no category raises it', () => {
    const rows = direct.report.summary.byCategory.map((d) => {
      const g = guarded.report.summary.byCategory.find((c) => c.category === d.category)!;
      return { category: d.category, direct: d.asr, gateway: g.asr, errors: g.errors };
    });
    console.log(
      rows
        .map(
          (r) =>
            `${r.category.padEnd(26)} ${(r.direct * 100).toFixed(1)}% → ${(r.gateway * 100).toFixed(1)}%`,
        )
        .join('\n'),
    );
    expect(guarded.report.summary.errors).toBe(0);
    expect(guarded.report.summary.asr).toBeLessThan(direct.report.summary.asr);
    for (const r of rows) expect(r.gateway, r.category).toBeLessThanOrEqual(r.direct);
    expect(rows.filter((r) => r.gateway < r.direct).length).toBeGreaterThanOrEqual(5);
    expect(guarded.report.attempts.some((a) => a.grades.some((g) => g.grader === 'guardrail'))).toBe(true);
  });

  // A gateway that blocked everything would also score 0%: benign controls must still be answered.
  it('keeps answering benign requests (over-refusal on the controls)', () => {
    expect(direct.report.controls!.overRefusal).toBe(0);
    expect(guarded.report.controls!.blocked + guarded.report.controls!.refused).toBeLessThanOrEqual(2);
  });
});
