import { describe, expect, it } from 'vitest';
import type { ChatChunk, ChatCompletion } from '../chat/openai-types.js';
import { mapCompletionText, mapStreamText } from '../chat/map-text.js';
import { TokenVault } from '../guard/token-vault.js';

// A value that breaks naive substitution into a JSON string literal.
const NASTY = 'C:\\Users\\o"brien\\ "quoted"\n';

function vaultWith(): { vault: TokenVault; placeholder: string } {
  const vault = new TokenVault();
  return { vault, placeholder: vault.tokenize('PERSON', NASTY, 'confidential') };
}

describe('restoring into tool-call arguments', () => {
  it('JSON-escapes the original in a non-streamed completion, content stays raw', async () => {
    const { vault, placeholder } = vaultWith();
    const body: ChatCompletion = {
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: `hi ${placeholder}`,
            tool_calls: [
              { id: 't1', type: 'function', function: { name: 'f', arguments: `{"who":"${placeholder}"}` } },
            ],
          },
        },
      ],
    } as unknown as ChatCompletion;
    const out = await mapCompletionText(body, (text, kind) =>
      vault.restore(text, 'restricted', kind === 'arguments'),
    );
    const message = out.choices[0]!.message!;
    expect(message.content).toBe(`hi ${NASTY}`);
    expect(JSON.parse(message.tool_calls![0]!.function!.arguments!)).toEqual({ who: NASTY });
  });

  it('JSON-escapes the original when the placeholder is split across streamed chunks', async () => {
    const { vault, placeholder } = vaultWith();
    const args = `{"who":"${placeholder}","n":1}`;
    for (let size = 1; size <= 5; size++) {
      const pieces: string[] = [];
      for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
      async function* chunks(): AsyncGenerator<ChatChunk> {
        yield {
          choices: [
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, id: 't1', function: { name: 'f' } }] },
              finish_reason: null,
            },
          ],
        } as ChatChunk;
        for (const p of pieces)
          yield {
            choices: [
              {
                index: 0,
                delta: { tool_calls: [{ index: 0, function: { arguments: p } }] },
                finish_reason: null,
              },
            ],
          } as ChatChunk;
        yield { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] };
      }
      let joined = '';
      for await (const chunk of mapStreamText(chunks(), (kind) =>
        vault.createRestorer('restricted', kind === 'arguments'),
      ))
        for (const c of chunk.choices)
          for (const t of c.delta.tool_calls ?? []) joined += t.function?.arguments ?? '';
      expect(JSON.parse(joined)).toEqual({ who: NASTY, n: 1 });
    }
  });
});
