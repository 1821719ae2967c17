import { normaliseLine, normaliseOutput, stripAnsi } from './normalise-output';

describe('normaliseLine', () => {
  it.each([
    ['at f (/tmp/sandbox-a1/app/src/x.ts:12:7)', 'at f (<tmp>/app/src/x.ts:12:7)'],
    ['killed pid 4312', 'killed pid <n>'],
    ['Time: 5.123 s', 'Time: <duration>'],
    ['done in 850ms', 'done in <duration>'],
    ['2024-05-01T10:11:12.123Z ERROR boom', '<time> ERROR boom'],
    ['[10:11:12] failed', '[<time>] failed'],
    ['request 3f2a1b4c-9d8e-4f7a-8b6c-5d4e3f2a1b0c failed', 'request <uuid> failed'],
    ['segfault at 0x7ffd5e8c3a10', 'segfault at <hex>'],
    ['container 4f9c2b1a8e7d failed', 'container <hex> failed'],
    ['/private/var/folders/ab/cd12/T/jest_x/a.test.ts', '<tmp>/a.test.ts'],
    ['a    b\t c', 'a b c'],
  ])('%s → %s', (line, expected) => {
    expect(normaliseLine(line)).toBe(expected);
  });

  it('keeps an error\'s position, so an error that moved is told apart', () => {
    expect(normaliseLine('src/x.ts(4,9): error TS2322')).toBe('src/x.ts(4,9): error TS2322');
    expect(normaliseLine('File "app.py", line 42, in main')).toBe('File "app.py", line 42, in main');
    expect(normaliseLine('/home/user/app/app.js:7')).toBe('/home/user/app/app.js:7');
  });

  it('leaves meaningful numbers and ordinary paths alone', () => {
    expect(normaliseLine('Expected: 3, Received: 4')).toBe('Expected: 3, Received: 4');
    expect(normaliseLine('cannot open /home/me/tmpfile')).toBe('cannot open /home/me/tmpfile');
  });
});

describe('normaliseOutput', () => {
  it('strips ANSI codes, blank lines and the capture\'s omitted marker', () => {
    expect(normaliseOutput('\x1b[31mFAIL\x1b[0m\n\n  \n[... 120 lines omitted ...]\nend\r\n')).toEqual(['FAIL', 'end']);
  });

  it('stripAnsi removes colour and cursor codes', () => {
    expect(stripAnsi('\x1b[1;31merror\x1b[0m\x1b[2K')).toBe('error');
  });
});
