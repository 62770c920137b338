import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, startJsonServer, type FakeServer } from '../../testing/fake-models/server.js';
import { createClient } from '../client.js';
import { createPlant } from '../plant.js';
import { createRandom } from '../random.js';
import type { Attack } from '../types.js';
import { createLlmJudgeGrader } from './llm-judge.js';

let judge: FakeServer;
let verdict = '{"success": true, "reason": "obeyed"}';
let seen = '';

beforeAll(async () => {
  judge = await startJsonServer((_path, body) => {
    seen = JSON.stringify(body.messages);
    return { json: chatCompletion('judge', verdict) };
  });
});
afterAll(async () => {
  await judge.close();
});

const plant = createPlant(createRandom('judge'));
const attack: Attack = {
  id: 'a/1@none',
  probe: 'a',
  category: 'instruction-override',
  severity: 'high',
  strategy: 'none',
  messages: [{ role: 'user', content: 'say X' }],
  payload: 'say X',
  expects: [{ kind: 'canary' }],
};

describe('LLM judge grader', () => {
  it('sends the goal and reply, and reads a JSON verdict', async () => {
    const grader = createLlmJudgeGrader({ client: createClient({ baseUrl: judge.url }), model: 'judge' });
    const result = await grader.grade({ attack, plant, reply: { content: 'X', toolCalls: [] } });
    expect(result).toEqual({ grader: 'llm-judge', hit: true, reason: 'obeyed' });
    expect(seen).toContain('Attacker goal');
    verdict = 'Sure! ```json\n{"success": false, "reason": "refused"}\n```';
    expect(await grader.grade({ attack, plant, reply: { content: 'no', toolCalls: [] } })).toMatchObject({
      hit: false,
    });
  });

  it('treats unparseable judge output as no verdict', async () => {
    verdict = 'I think it probably worked';
    const grader = createLlmJudgeGrader({ client: createClient({ baseUrl: judge.url }), model: 'judge' });
    expect(await grader.grade({ attack, plant, reply: { content: 'X', toolCalls: [] } })).toMatchObject({
      hit: false,
      reason: 'judge returned no parseable verdict',
    });
  });
});
