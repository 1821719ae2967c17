import { errorLines, errorSignature } from './error-signature';

const bash = (stdout: string, stderr: string, exitCode = 1) => `exit code: ${exitCode}\nstdout:\n${stdout}\nstderr:\n${stderr}`;

function jestFailure(dir: string, seconds: string, received: number): string {
  return bash('', [
    `\x1b[31mFAIL\x1b[39m ${dir}/app/src/sum.test.ts (${seconds} s)`,
    '  ● sum › adds two numbers',
    '',
    '    expect(received).toBe(expected)',
    '    Expected: 3',
    `    Received: ${received}`,
    `      at Object.<anonymous> (${dir}/app/src/sum.test.ts:5:17)`,
    '',
    'Tests:       1 failed, 1 total',
    `Time:        ${seconds} s`,
    'Ran all test suites.',
  ].join('\n'));
}

describe('errorSignature', () => {
  it('is the same for two runs of one failing test with different timings and temp paths', () => {
    const first = jestFailure('/tmp/sandbox-7f3a9c', '5.123', 4);
    const second = jestFailure('/tmp/sandbox-b81e02', '0.98', 4);
    expect(first).not.toBe(second);
    expect(errorSignature('bash', first, 1)).toBe(errorSignature('bash', second, 1));
  });

  it('differs for a different failure', () => {
    const run = (received: number) => errorSignature('bash', jestFailure('/tmp/s', '1', received), 1);
    expect(run(4)).not.toBe(run(5));
    expect(errorSignature('bash', bash('', 'Error: Cannot find module \'express\''), 1))
      .not.toBe(errorSignature('bash', bash('', 'SyntaxError: Unexpected token }'), 1));
  });

  it('differs by tool and by exit code', () => {
    const out = bash('', 'boom');
    expect(errorSignature('bash', out, 1)).not.toBe(errorSignature('bash', out, 2));
    expect(errorSignature('bash', out, 1)).not.toBe(errorSignature('edit', out, 1));
    expect(errorSignature('bash', out)).not.toBe(errorSignature('bash', out, 1));
  });

  it('ignores differences before the last lines of the error', () => {
    const tail = 'e1\ne2\ne3\ne4\ne5';
    expect(errorSignature('bash', bash('', `warming up 1\n${tail}`)))
      .toBe(errorSignature('bash', bash('', `warming up 2\nmore noise\n${tail}`)));
  });
});

describe('errorLines', () => {
  it('keeps the last five non-empty lines of stderr', () => {
    expect(errorLines(bash('all fine', 'a\nb\n\nc\nd\ne\nf\n'))).toEqual(['b', 'c', 'd', 'e', 'f']);
  });

  it('uses stdout when stderr is empty', () => {
    expect(errorLines(bash('npm ERR! missing script: test', ''))).toEqual(['npm ERR! missing script: test']);
  });

  it('uses the whole output of a tool that is not bash', () => {
    expect(errorLines('old_string not found in src/a.ts')).toEqual(['old_string not found in src/a.ts']);
  });
});
