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

  it('is new for a syntax error whose line moved after an edit', () => {
    const nodeSyntax = (line: number) => bash('', `/home/user/app/app.js:${line}\n  let total = ;\n              ^\n\nSyntaxError: Unexpected token ';'\n\nNode.js v20.11.0`);
    expect(errorSignature('bash', nodeSyntax(2), 1)).not.toBe(errorSignature('bash', nodeSyntax(3), 1));
    expect(errorSignature('bash', nodeSyntax(2), 1)).toBe(errorSignature('bash', nodeSyntax(2), 1));
    const python = (line: number) => bash('', `  File "app.py", line ${line}\n    total = (\n            ^\nSyntaxError: '(' was never closed`);
    expect(errorSignature('bash', python(4), 1)).not.toBe(errorSignature('bash', python(9), 1));
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

  it('tells two different test failures apart though npm wraps both in the same lines', () => {
    const npm = 'npm error Lifecycle script `test` failed with error:\nnpm error code 1\nnpm error command sh -c node --test';
    const nodeTest = (what: string) => bash(`not ok 1 - ${what}\n# tests 1\n# fail 1`, npm);
    expect(errorSignature('bash', nodeTest('turns spaces into dashes'), 1)).not.toBe(errorSignature('bash', nodeTest('never ends with a dash'), 1));
    expect(errorSignature('bash', nodeTest('turns spaces into dashes'), 1)).toBe(errorSignature('bash', nodeTest('turns spaces into dashes'), 1));
  });

  it('tells silent failures apart by their input', () => {
    const silent = bash('', '');
    expect(errorSignature('bash', silent, 1, 'grep-todo')).not.toBe(errorSignature('bash', silent, 1, 'test-f-env'));
    expect(errorSignature('bash', bash('', 'boom'), 1, 'a')).toBe(errorSignature('bash', bash('', 'boom'), 1, 'b'));
  });

  it('ignores differences before the last lines of the error', () => {
    const tail = 'e1\ne2\ne3\ne4\ne5';
    expect(errorSignature('bash', bash('', `warming up 1\n${tail}`)))
      .toBe(errorSignature('bash', bash('', `warming up 2\nmore noise\n${tail}`)));
  });
});

describe('errorLines', () => {
  it('keeps the last five non-empty lines of stderr when none reads like an error', () => {
    expect(errorLines(bash('all fine', 'a\nb\n\nc\nd\ne\nf\n'))).toEqual(['b', 'c', 'd', 'e', 'f']);
  });

  it('prefers the lines that read like an error, from stdout too', () => {
    expect(errorLines(bash('ok 1 - adds\nnot ok 2 - subtracts\n# pass 1', 'done in <duration>'))).toEqual(['not ok 2 - subtracts']);
  });

  it('uses stdout when stderr is empty', () => {
    expect(errorLines(bash('Segmentation fault', ''))).toEqual(['Segmentation fault']);
  });

  it('uses the whole output of a tool that is not bash', () => {
    expect(errorLines('old_string not found in src/a.ts')).toEqual(['old_string not found in src/a.ts']);
  });
});
