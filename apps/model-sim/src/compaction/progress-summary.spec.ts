import { summarizeProgress } from './progress-summary';

describe('summarizeProgress', () => {
  const messages = [
    { role: 'user', content: 'Build a todo app [scenario:quick]' },
    { role: 'assistant', content: [{ type: 'text', text: 'Writing the file.' }, { type: 'tool_use', name: 'write' }] },
    { role: 'user', content: [{ type: 'tool_result' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Running tests.' }, { type: 'tool_use', name: 'bash' }] },
    { role: 'user', content: [{ type: 'tool_result' }] },
    { role: 'assistant', content: [{ type: 'tool_use', name: 'bash' }] },
  ];

  it('keeps the goal with its scenario tag, counts messages and tools, and quotes the last update', () => {
    const summary = summarizeProgress({ messages });
    expect(summary).toContain('Goal: Build a todo app [scenario:quick]');
    expect(summary).toContain('Messages so far: 6.');
    expect(summary).toContain('Tools used: write ×1, bash ×2.');
    expect(summary).toContain('Last update: Running tests.');
  });

  it('reads a goal given as text blocks', () => {
    expect(summarizeProgress({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Ship it' }] }] })).toContain('Goal: Ship it');
  });
});
