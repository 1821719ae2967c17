import { HistoryMessage } from '../context/history';
import { judgeLoop } from './loop-guard';
import { loopTrace } from './loop-steps';

let ids = 0;
/** One turn: the assistant calls each [tool, input] and the user message answers each with `output`. */
function turn(calls: [string, object][], output = 'exit code: 0\nstdout:\nok\nstderr:\n'): HistoryMessage[] {
  const uses = calls.map(([name, input]) => ({ type: 'tool_use' as const, id: `toolu_${++ids}`, name, input }));
  return [
    { role: 'assistant', content: uses },
    { role: 'user', content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: output })) },
  ];
}
/** One turn whose call fails with `error`. */
function failing(call: [string, object], error: string): HistoryMessage[] {
  const [assistant, user] = turn([call], error);
  const results = (user.content as { type: 'tool_result' }[]).map((r) => ({ ...r, is_error: true }));
  return [assistant, { role: 'user', content: results }];
}
const talk = (text: string): HistoryMessage[] => [{ role: 'assistant', content: [{ type: 'text', text }] }];
const goal: HistoryMessage = { role: 'user', content: 'Build it' };
const history = (...turns: HistoryMessage[][]) => [goal, ...turns.flat()];
const ls = turn([['ls', {}]]);
const other = (n: number) => turn([['bash', { command: `echo ${n}` }]]);

describe('judgeLoop', () => {
  it('lets a varied run go on', () => {
    expect(judgeLoop(loopTrace(history(other(1), other(2), other(3), ls, other(4))), false)).toEqual({ kind: 'ok' });
  });

  it('nudges at the third identical call within ten, then asks when it happens again', () => {
    const h = history(ls, other(1), ls, other(2), turn([['ls', {}]]));
    expect(judgeLoop(loopTrace(h), false)).toMatchObject({ kind: 'nudge', text: expect.stringMatching(/repeating a tool call/) });
    expect(judgeLoop(loopTrace([...h, ...other(3), ...turn([['ls', {}]])]), true)).toMatchObject({ kind: 'escalate', escalationKind: 'repetition' });
  });

  it('does not ask again for the repetition its nudge answered', () => {
    expect(judgeLoop(loopTrace(history(ls, ls, ls, other(1))), true)).toEqual({ kind: 'ok' });
  });

  it('finds a repeated call that is not the last of its turn', () => {
    const h = history(ls, ls, turn([['ls', {}], ['bash', { command: 'pwd' }]]));
    expect(judgeLoop(loopTrace(h), false).kind).toBe('nudge');
  });

  it('does not count calls older than the window', () => {
    const h = history(ls, ls, ...Array.from({ length: 9 }, (_, i) => other(i)), turn([['ls', {}]]));
    expect(judgeLoop(loopTrace(h), false)).toEqual({ kind: 'ok' });
  });

  it('asks about the same command with the same result four times in a row, once nudged', () => {
    expect(judgeLoop(loopTrace(history(ls, ls, ls, ls)), true)).toEqual({
      kind: 'escalate', escalationKind: 'stuck', reason: expect.stringMatching(/4 times and got the same result/),
    });
  });

  it('names an alternation rather than a repetition', () => {
    const b = () => turn([['read', { path: 'a.txt' }]]);
    expect(judgeLoop(loopTrace(history(ls, b(), ls, b(), ls, b())), false)).toMatchObject({ kind: 'nudge', text: expect.stringMatching(/back and forth/) });
  });

  it('nudges when the same call fails 3 times in a row with a new error each time, then asks at the fourth', () => {
    const cat = (n: number) => failing(['bash', { command: 'cat notes.txt' }], `exit code: 1\nstdout:\n\nstderr:\nfailure number ${n}`);
    const h = history(ls, cat(1), cat(2), cat(3));
    expect(judgeLoop(loopTrace(h), false)).toEqual({ kind: 'nudge', text: expect.stringMatching(/failed each time/) });
    expect(judgeLoop(loopTrace([...h, ...cat(4)]), true)).toEqual({
      kind: 'escalate', escalationKind: 'stuck', reason: 'The agent ran the same command 4 times and it failed each time.',
    });
  });

  it('leaves alone a call that fails while the model changes its input each time', () => {
    const run = (n: number) => failing(['bash', { command: `node app.js --try ${n}` }], 'exit code: 1\nstdout:\n\nstderr:\nboom');
    expect(judgeLoop(loopTrace(history(run(1), run(2), run(3), run(4))), true)).toEqual({ kind: 'ok' });
  });

  it('nudges on three turns of talk, then asks', () => {
    const h = history(ls, talk('Thinking.'), talk('Still thinking.'), talk('Hmm.'));
    expect(judgeLoop(loopTrace(h), false)).toMatchObject({ kind: 'nudge', text: expect.stringMatching(/without using a tool/) });
    expect(judgeLoop(loopTrace(h), true)).toMatchObject({ kind: 'escalate', escalationKind: 'stuck', reason: expect.stringMatching(/3 messages in a row/) });
  });

  it('tells two calls with the same input but different results apart for the stuck detector', () => {
    const tests = (output: string) => turn([['bash', { command: 'npm test' }]], output);
    const h = history(tests('exit code: 1\nstdout:\n3 failing\nstderr:\n'), tests('exit code: 1\nstdout:\n2 failing\nstderr:\n'),
      tests('exit code: 1\nstdout:\n1 failing\nstderr:\n'), tests('exit code: 0\nstdout:\nall pass\nstderr:\n'));
    expect(loopTrace(h).steps.map((s) => s.kind === 'action' && s.observationHash).filter(Boolean).length).toBe(4);
    expect(new Set(loopTrace(h).steps.map((s) => s.kind === 'action' && s.observationHash)).size).toBe(4);
  });
});
