import { describe, expect, it } from 'vitest';
import { compose } from './compose.js';

describe('compose', () => {
  it('runs stages as an onion in order', async () => {
    const trace: string[] = [];
    const run = compose<string[]>([
      { name: 'a', run: async (t, next) => void (t.push('a>'), await next(), t.push('<a')) },
      { name: 'b', run: async (t, next) => void (t.push('b>'), await next(), t.push('<b')) },
    ]);
    await run(trace);
    expect(trace).toEqual(['a>', 'b>', '<b', '<a']);
  });

  it('stops when a stage does not call next', async () => {
    const trace: string[] = [];
    await compose<string[]>([
      { name: 'gate', run: async (t) => void t.push('gate') },
      { name: 'never', run: async (t) => void t.push('never') },
    ])(trace);
    expect(trace).toEqual(['gate']);
  });

  it('rejects a stage that calls next twice', async () => {
    const run = compose<object>([
      { name: 'twice', run: async (_c, next) => (await next(), await next()) },
      { name: 'end', run: async () => {} },
    ]);
    await expect(run({})).rejects.toThrow('next() called multiple times');
  });

  it('reports each stage and its error to the hook', async () => {
    const seen: string[] = [];
    const run = compose<object>(
      [
        { name: 'ok', run: async (_c, next) => next() },
        { name: 'boom', run: async () => Promise.reject(new Error('x')) },
      ],
      { onStage: (name, _c, _ms, error) => seen.push(`${name}:${error ? 'error' : 'ok'}`) },
    );
    await expect(run({})).rejects.toThrow('x');
    expect(seen).toEqual(['boom:error', 'ok:error']);
  });
});
