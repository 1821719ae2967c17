import { ErrorRetryRecord } from './retry-budget';
import { judgeToolResults, ToolResultFact } from './judge-tool-results';

let n = 0;
const testsFail = (detail = 'ran 3 tests'): ToolResultFact => ({
  toolUseId: `toolu_${++n}`, tool: 'bash', input: { command: 'npm test' }, summary: 'Running the test suite',
  output: `exit code: 1\nstdout:\n${detail}\nstderr:\nAssertionError: expected 'a-b' to equal 'a b'\n    at test/slug.test.js:4:10 (took 12ms)`, isError: true, exitCode: 1,
});
const testsPass = (): ToolResultFact => ({
  toolUseId: `toolu_${++n}`, tool: 'bash', input: { command: 'npm test' }, summary: 'Running the test suite',
  output: 'exit code: 0\nstdout:\nall pass\nstderr:\n', isError: false, exitCode: 0,
});
const edit = (k: number): ToolResultFact => ({
  toolUseId: `toolu_${++n}`, tool: 'edit', input: { path: 'src/slug.js', old_string: `v${k}`, new_string: `v${k + 1}` }, summary: 'Editing src/slug.js',
  output: 'Edited src/slug.js', isError: false,
});

/** Runs turns in order, carrying the persisted records from one to the next, as the loop does. */
function play(turns: ToolResultFact[][]) {
  let stored: ErrorRetryRecord[] = [];
  return turns.map((facts) => {
    const changes = judgeToolResults(stored, facts);
    stored = [...stored.filter((r) => !changes.clear.includes(r.signature) && !changes.save.some((s) => s.signature === r.signature)), ...changes.save];
    return { changes, stored };
  });
}

describe('judgeToolResults', () => {
  it('nudges on the third failure of the same error and asks on the fourth, even when the fix attempts between differ', () => {
    const out = play([[testsFail('ran 3 tests')], [edit(1), testsFail('ran 4 tests')], [edit(2), testsFail('ran 4 tests')], [edit(3), testsFail('ran 5 tests')]]);
    expect(out.map((o) => o.changes.nudge !== null)).toEqual([false, false, true, false]);
    expect(out.map((o) => o.changes.exhausted !== null)).toEqual([false, false, false, true]);
    expect(out[2].changes.nudge).toMatchObject({ tool: 'bash', count: 3 });
    expect(out[3].changes.exhausted).toMatchObject({ tool: 'bash', count: 4 });
    expect(out[3].changes.exhausted!.attempts).toHaveLength(4);
    expect(out[3].changes.exhausted!.attempts[0]).toEqual({ summary: 'Running the test suite', error: expect.stringContaining('AssertionError') });
  });

  it('leaves a failure alone that a nudge fixed', () => {
    const out = play([[testsFail()], [testsFail()], [testsFail()], [edit(1), testsPass()]]);
    expect(out[2].changes.nudge).not.toBeNull();
    expect(out[3].changes).toMatchObject({ exhausted: null, nudge: null });
    expect(out[3].stored).toEqual([]);
  });

  it('clears the count when the failing call succeeds, so the next failure starts again at one', () => {
    const out = play([[testsFail()], [testsFail()], [edit(1), testsPass()], [testsFail()]]);
    expect(out[2].changes.clear).toHaveLength(1);
    expect(out[2].stored).toEqual([]);
    expect(out[3].stored[0].count).toBe(1);
  });

  it('keeps the count when an unrelated call succeeds', () => {
    const out = play([[testsFail()], [edit(1)], [testsFail()]]);
    expect(out[1].changes).toEqual({ save: [], clear: [], exhausted: null, nudge: null });
    expect(out[2].stored[0].count).toBe(2);
  });

  it('counts distinct errors apart', () => {
    const other: ToolResultFact = { ...testsFail(), output: 'exit code: 2\nstdout:\n\nstderr:\nsh: tsc: not found', exitCode: 2 };
    const out = play([[testsFail(), other], [testsFail()]]);
    expect(out[1].stored.map((r) => r.count).sort()).toEqual([1, 2]);
  });

  it('does not count a redelivered turn twice', () => {
    const failure = testsFail();
    const first = judgeToolResults([], [failure]);
    expect(judgeToolResults(first.save, [failure]).save[0].count).toBe(1);
  });
});
