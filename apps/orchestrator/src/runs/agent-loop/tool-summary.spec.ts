import { describeOutcome, describeToolCall } from './tool-summary';

describe('describeToolCall', () => {
  it.each([
    ['bash', { command: 'npm test' }, 'Running the test suite'],
    ['bash', { command: 'cd app && node --test' }, 'Running the test suite'],
    ['bash', { command: 'npm install express' }, 'Installing dependencies'],
    ['bash', { command: 'cat config/app.yml' }, 'Reading config/app.yml'],
    ['bash', { command: 'echo hi' }, 'Running a command: echo hi'],
    ['bash', {}, 'Running a command'],
    ['read', { path: 'src/app.ts' }, 'Reading src/app.ts'],
    ['read', { path: 'src/app.ts', offset: 40, limit: 41 }, 'Reading lines 40–80 of src/app.ts'],
    ['read', { path: 'src/app.ts', offset: 40 }, 'Reading from line 40 of src/app.ts'],
    ['read', { path: 'src/app.ts', limit: 20 }, 'Reading the first 20 lines of src/app.ts'],
    ['read', {}, 'Reading a file'],
    ['write', { path: 'README.md', content: 'x' }, 'Writing README.md'],
    ['edit', { path: 'src/a.ts', old_string: 'x', new_string: 'y' }, 'Editing src/a.ts'],
    ['glob', { pattern: 'src/**/*.ts' }, 'Looking for files matching src/**/*.ts'],
    ['glob', { pattern: '*.ts', path: 'apps' }, 'Looking for files matching *.ts in apps'],
    ['grep', { pattern: 'TODO' }, 'Searching the code for "TODO"'],
    ['grep', { pattern: 'TODO', path: 'src' }, 'Searching src for "TODO"'],
    ['ls', {}, 'Looking at the project\'s files'],
    ['ls', { path: '.' }, 'Looking at the project\'s files'],
    ['ls', { path: 'src' }, 'Looking at the files in src'],
    ['deploy', {}, 'Using the deploy tool'],
  ])('%s %j → %s', (tool, input, expected) => {
    expect(describeToolCall(tool, input)).toBe(expected);
  });

  it('hides a secret searched for', () => {
    expect(describeToolCall('grep', { pattern: 'sk-ant-api03-abcdefghijklmnop123456' })).toBe('Searching the code for "[REDACTED]"');
  });

  it('says when a step failed, with its exit code', () => {
    expect(describeOutcome('Running the test suite', false, 1)).toBe('Running the test suite: failed (exit code 1)');
    expect(describeOutcome('Running the test suite', false)).toBe('Running the test suite: failed');
    expect(describeOutcome('Reading a.ts', true)).toBe('Reading a.ts');
  });
});
