import { Scenario, StepSpec } from '../scenarios/scenario';
import { FIRST_TURN, PlayedStep, playTurn, RunCursor, withTurn } from './turn-player';

function scenario(steps: StepSpec[], repeatLast = false): Scenario {
  return { name: 't', contextWindow: 1000, repeatLast, steps, source: 't.json' };
}

/** Plays `calls` turn calls from the start and returns what each one played. */
function playMany(s: Scenario, calls: number, at: (call: number) => number = () => 0): PlayedStep[] {
  const played: PlayedStep[] = [];
  let cursor: RunCursor = FIRST_TURN;
  for (let i = 0; i < calls; i++) {
    const turn = playTurn(s, cursor, at(i));
    played.push(turn.played);
    cursor = turn.next;
  }
  return played;
}

const say = (text: string): StepSpec => ({ content: [{ type: 'text', text }] });
const overloaded = (times?: number): StepSpec => ({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, times });
const textOf = (p: PlayedStep): string | undefined => (p.kind === 'reply' ? p.content[0]?.text : undefined);

describe('playTurn', () => {
  it('plays the steps in order', () => {
    expect(playMany(scenario([say('one'), say('two')]), 2).map(textOf)).toEqual(['one', 'two']);
  });

  it('answers an error step `times` times before moving on', () => {
    const played = playMany(scenario([overloaded(2), say('ok')]), 3);
    expect(played.map((p) => p.kind)).toEqual(['error', 'error', 'reply']);
    expect(played[0]).toMatchObject({ error: { status: 529, type: 'overloaded_error' } });
  });

  it('answers an error step with `forMs` until that long after its first answer', () => {
    const overloadedFor = (forMs: number): StepSpec => ({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, forMs });
    const calls = [5_000, 6_000, 60_000, 64_999, 65_000];
    const played = playMany(scenario([overloadedFor(60_000), say('ok')]), calls.length, (i) => calls[i]);
    expect(played.map((p) => p.kind)).toEqual(['error', 'error', 'error', 'error', 'reply']);
  });

  it('numbers {{turn}} on past an error step with `forMs`', () => {
    const s = scenario([{ error: { status: 529, type: 'overloaded_error', message: 'x' }, forMs: 10 }, say('turn {{turn}}')]);
    expect(textOf(playMany(s, 2, (i) => i * 10)[1])).toBe('turn 2');
  });

  it('answers an error step once when it gives no `times`', () => {
    expect(playMany(scenario([overloaded(), say('ok')]), 2).map((p) => p.kind)).toEqual(['error', 'reply']);
  });

  it('numbers {{turn}} by turn calls, errored ones included', () => {
    const s = scenario([overloaded(2), { content: [{ type: 'tool_use', name: 'bash', input: { command: 'echo {{turn}}' } }] }]);
    const third = playMany(s, 3)[2];
    expect(third.kind === 'reply' && third.content[0].input).toEqual({ command: 'echo 3' });
  });

  it('replaces {{turn}} in error messages too', () => {
    const s = scenario([{ error: { status: 500, type: 'api_error', message: 'failed on turn {{turn}}' } }]);
    expect(playMany(s, 1)[0]).toMatchObject({ error: { message: 'failed on turn 1' } });
  });

  it('repeats the last step forever with repeatLast, {{turn}} still counting', () => {
    const s = scenario([say('start'), say('again {{turn}}')], true);
    expect(playMany(s, 4).map(textOf)).toEqual(['start', 'again 2', 'again 3', 'again 4']);
  });

  it('ends the turn with a short text past the last step', () => {
    const played = playMany(scenario([say('only')]), 3);
    expect(played.slice(1)).toEqual([
      expect.objectContaining({ kind: 'reply', stopReason: 'end_turn' }),
      expect.objectContaining({ kind: 'reply', stopReason: 'end_turn' }),
    ]);
    expect(textOf(played[1])).toMatch(/\w/);
  });

  it('leaves the scenario untouched when it renders {{turn}}', () => {
    const step = say('turn {{turn}}');
    playMany(scenario([step], true), 2);
    expect(step.content?.[0].text).toBe('turn {{turn}}');
  });

  it('carries the step delay and stop reason', () => {
    const s = scenario([{ content: [], stop_reason: 'max_tokens', delayMs: 250 }]);
    expect(playMany(s, 1)[0]).toEqual({ kind: 'reply', content: [], stopReason: 'max_tokens', usage: undefined, delayMs: 250 });
  });
});

describe('withTurn', () => {
  it('replaces every occurrence in nested strings and keeps other values', () => {
    expect(withTurn({ a: ['{{turn}}-{{turn}}', 3, null], b: { c: true } }, 7)).toEqual({ a: ['7-7', 3, null], b: { c: true } });
  });
});
