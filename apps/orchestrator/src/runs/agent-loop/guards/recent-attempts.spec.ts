import { HistoryMessage } from '../context/history';
import { recentAttempts } from './recent-attempts';

describe('recentAttempts', () => {
  const history: HistoryMessage[] = [
    { role: 'user', content: 'Build it' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'ls', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'src/' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Testing.' }, { type: 'tool_use', id: 't2', name: 'bash', input: { command: 'npm test' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', is_error: true, content: 'exit code: 1\nstdout:\n\nstderr:\nError: cannot find module ./slug' }] },
  ];

  it('describes the last calls in plain words, with the end of each error', () => {
    expect(recentAttempts(history, 1)).toEqual([{ tool: 'bash', summary: 'Running the test suite', error: expect.stringContaining('cannot find module ./slug') }]);
  });

  it('says when a call did not fail, oldest first', () => {
    expect(recentAttempts(history)).toEqual([
      { tool: 'ls', summary: 'Looking at the project\'s files', error: 'No error: src/' },
      expect.objectContaining({ tool: 'bash' }),
    ]);
  });
});
