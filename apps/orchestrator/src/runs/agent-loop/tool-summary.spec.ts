import { describeOutcome, describeToolCall } from './tool-summary';

describe('describeToolCall', () => {
  it.each([
    ['bash', { command: 'npm test' }, 'Running the test suite'],
    ['bash', { command: 'cd app && node --test' }, 'Running the test suite'],
    ['bash', { command: 'npm install express' }, 'Installing dependencies'],
    ['bash', { command: 'echo hi' }, 'Running a command: echo hi'],
    ['read', { path: 'src/app.ts' }, 'Reading src/app.ts'],
    ['write', { path: 'README.md', content: 'x' }, 'Writing README.md'],
    ['edit', { path: 'src/a.ts', old_string: 'x', new_string: 'y' }, 'Editing src/a.ts'],
    ['glob', { pattern: 'src/**/*.ts' }, 'Looking for files matching src/**/*.ts'],
    ['grep', { pattern: 'TODO' }, 'Searching the code for "TODO"'],
    ['ls', {}, 'Looking at the project\'s files'],
    ['ls', { path: 'src' }, 'Looking at the files in src'],
  ])('%s %j → %s', (tool, input, expected) => {
    expect(describeToolCall(tool, input)).toBe(expected);
  });

  it('says when a step failed, with its exit code', () => {
    expect(describeOutcome('Running the test suite', false, 1)).toBe('Running the test suite: failed (exit code 1)');
    expect(describeOutcome('Reading a.ts', true)).toBe('Reading a.ts');
  });
});
