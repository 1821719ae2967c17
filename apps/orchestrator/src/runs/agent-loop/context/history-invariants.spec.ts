import { HistoryMessage } from './history';
import { assertNoOrphans, assertWellFormed } from './history-invariants';

const use = (id: string, name = 'bash') => ({ type: 'tool_use' as const, id, name, input: {} });
const result = (id: string) => ({ type: 'tool_result' as const, tool_use_id: id, content: 'ok' });
const goal: HistoryMessage = { role: 'user', content: 'Build it.' };

describe('assertNoOrphans', () => {
  it('accepts paired calls and a last assistant message still waiting for its results', () => {
    const history: HistoryMessage[] = [
      goal,
      { role: 'assistant', content: [{ type: 'text', text: 'Two things.' }, use('a'), use('b', 'read')] },
      { role: 'user', content: [result('a'), result('b')] },
      { role: 'assistant', content: [use('c')] },
    ];
    expect(assertNoOrphans(history)).toEqual([]);
  });

  it('reports a tool_result whose tool_use is not in the message just before', () => {
    const history: HistoryMessage[] = [
      goal,
      { role: 'assistant', content: [use('a')] },
      { role: 'user', content: [result('a')] },
      { role: 'assistant', content: [{ type: 'text', text: 'hm' }] },
      { role: 'user', content: [result('a')] },
    ];
    expect(assertNoOrphans(history)).toEqual(['message 4: tool_result a answers no tool_use in the message before it']);
  });

  it('reports a tool_use left unanswered before the history goes on', () => {
    const history: HistoryMessage[] = [
      goal,
      { role: 'assistant', content: [use('a'), use('b', 'read')] },
      { role: 'user', content: [result('a')] },
    ];
    expect(assertNoOrphans(history)).toEqual(['message 1: tool_use b (read) is not answered in the next message']);
  });

  it('reports a tool_result at the very start', () => {
    expect(assertNoOrphans([{ role: 'user', content: [result('x')] }])).toHaveLength(1);
  });
});

describe('assertWellFormed', () => {
  it('wants a history that opens with a user message', () => {
    expect(assertWellFormed([goal])).toEqual([]);
    expect(assertWellFormed([])).toEqual(['the history is empty']);
    expect(assertWellFormed([{ role: 'assistant', content: 'hi' }])).toEqual(['the history must start with a user message']);
  });
});
