import { describe, expect, it } from 'vitest';
import { deleteField, parseSelector, setField, textFields } from './fields.js';

const record = {
  id: 7,
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'yo' },
  ],
  meta: { note: 'n' },
};

describe('fields', () => {
  it('yields every string with its path by default', () => {
    expect([...textFields(record)].map((f) => `${f.path}=${f.text}`)).toEqual([
      'messages[0].role=user',
      'messages[0].content=hi',
      'messages[1].role=assistant',
      'messages[1].content=yo',
      'meta.note=n',
    ]);
  });

  it('selects by path with [] for every element', () => {
    const fields = [...textFields(record, [parseSelector('messages[].content')])];
    expect(fields.map((f) => f.text)).toEqual(['hi', 'yo']);
    expect([...textFields(record, [parseSelector('nope.x')])]).toEqual([]);
    expect(() => parseSelector('a[1]')).toThrow('invalid field selector');
  });

  it('writes back and deletes by keys', () => {
    const copy = structuredClone(record);
    const [first] = textFields(copy, [parseSelector('messages[].content')]);
    setField(copy, first!.keys, '[REDACTED]');
    deleteField(copy, ['meta', 'note']);
    expect(copy.messages[0]!.content).toBe('[REDACTED]');
    expect(copy.meta).toEqual({});
    expect(setField('root', [], 'x')).toBe('x');
  });
});
