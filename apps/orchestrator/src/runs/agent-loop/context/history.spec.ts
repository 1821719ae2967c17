import { HistoryMessage, recentTurnsStart, textOf, toolResultsOf, toolUsesOf } from './history';
import { fakeHistory } from './history.fixtures';

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

describe('recentTurnsStart', () => {
  const history = fakeHistory('Go.', 5); // goal, then assistant at 1, 3, 5, 7, 9

  it('points at the assistant message that opens the oldest of the latest turns', () => {
    expect(recentTurnsStart(history, 1)).toBe(9);
    expect(recentTurnsStart(history, 3)).toBe(5);
  });

  it('keeps every turn when there are fewer than asked, and none when asked for none', () => {
    expect(recentTurnsStart(history, 9)).toBe(1);
    expect(recentTurnsStart(history, 0)).toBe(history.length);
    expect(recentTurnsStart([{ role: 'user', content: 'Go.' }], 3)).toBe(1);
  });

  it('counts a last assistant message still waiting for its results as a turn', () => {
    expect(recentTurnsStart(history.slice(0, -1), 1)).toBe(9);
  });
});
