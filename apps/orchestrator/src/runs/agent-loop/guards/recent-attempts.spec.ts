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

  it('says what a repeated successful command did and the meaningful line it printed, never its exit code', () => {
    const echo = (id: string): HistoryMessage[] => [
      { role: 'assistant', content: [{ type: 'tool_use', id, name: 'bash', input: { command: 'npm run lint' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'exit code: 0\nstdout:\n\n> lint\n\nNo problems found in 12 files\n\nstderr:\n' }] },
    ];
    const attempts = recentAttempts([history[0], ...echo('e1'), ...echo('e2'), ...echo('e3')]);
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      expect(attempt).toEqual({ tool: 'bash', summary: expect.any(String), error: 'No error: No problems found in 12 files' });
    }
  });

  it('says when a command printed nothing', () => {
    const quiet: HistoryMessage[] = [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'q', name: 'bash', input: { command: 'true' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'q', content: 'exit code: 0\nstdout:\n\nstderr:\n' }] },
    ];
    expect(recentAttempts(quiet)[0].error).toBe('No error: it printed nothing');
  });

  it('says when a call did not fail, oldest first', () => {
    expect(recentAttempts(history)).toEqual([
      { tool: 'ls', summary: 'Looking at the project\'s files', error: 'No error: src/' },
      expect.objectContaining({ tool: 'bash' }),
    ]);
  });
});
