import { HistoryMessage, recentTurnsWithin, textOf, toolResultsOf, toolUsesOf } from './history';
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

describe('recentTurnsWithin', () => {
  const history = fakeHistory('Go.', 5); // goal, then assistant at 1, 3, 5, 7, 9
  const tokensFrom = (i: number) => Math.ceil(history.slice(i).reduce((sum, m) => sum + JSON.stringify(m).length + 1, 0) / 4);

  it('points at the assistant message that opens the oldest of the newest turns that fit', () => {
    expect(recentTurnsWithin(history, tokensFrom(5))).toBe(5);
    expect(recentTurnsWithin(history, tokensFrom(5) - 1)).toBe(7);
    // Calibrated: where the model counts twice our estimate, half as many turns fit.
    expect(recentTurnsWithin(history, 2 * tokensFrom(5) - 1, 2)).toBe(7);
  });

  it('keeps the newest turn however large it is, and every turn when all fit', () => {
    const large = [...history.slice(0, -1), { role: 'user' as const, content: 'x'.repeat(100_000) }];
    expect(recentTurnsWithin(large, 10)).toBe(9);
    expect(recentTurnsWithin(history, 1_000_000)).toBe(1);
    expect(recentTurnsWithin([{ role: 'user', content: 'Go.' }], 1_000)).toBe(1);
  });

  it('counts a last assistant message still waiting for its results as a turn', () => {
    expect(recentTurnsWithin(history.slice(0, -1), 1)).toBe(9);
  });
});
