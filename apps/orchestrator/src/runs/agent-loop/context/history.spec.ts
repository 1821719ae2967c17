import { HistoryMessage, textOf, toolResultsOf, toolUsesOf } from './history';

describe('history helpers', () => {
  const assistant: HistoryMessage = {
    role: 'assistant',
    content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 't1', name: 'ls', input: {} }],
  };

  it('finds the tool calls of a message and none in a plain string', () => {
    expect(toolUsesOf(assistant).map((b) => b.id)).toEqual(['t1']);
    expect(toolUsesOf({ role: 'user', content: 'hello' })).toEqual([]);
    expect(toolResultsOf(assistant)).toEqual([]);
  });

  it('reads text from a string, text blocks, or nothing', () => {
    expect(textOf('plain')).toBe('plain');
    expect(textOf([{ type: 'text', text: 'a' }, { type: 'image' }, { type: 'text', text: 'b' }])).toBe('a\nb');
    expect(textOf(undefined)).toBe('');
  });
});
