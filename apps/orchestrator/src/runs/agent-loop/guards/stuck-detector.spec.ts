import { detectStuck, LoopStep } from './stuck-detector';

const act = (input: string, observation = `obs-${input}`, extra: Partial<Extract<LoopStep, { kind: 'action' }>> = {}): LoopStep =>
  ({ kind: 'action', tool: 'bash', inputHash: input, observationHash: observation, failed: false, ...extra });
/** The same call failing, each time with an error of its own. */
const fail = (input: string, error: string) => act(input, error, { failed: true });
const talk: LoopStep = { kind: 'talk' };
const times = (n: number, step: LoopStep) => Array.from({ length: n }, () => step);

describe('detectStuck', () => {
  it('finds nothing in an empty or varied history', () => {
    expect(detectStuck([])).toBeNull();
    expect(detectStuck([act('a'), act('b'), act('c'), talk, act('d'), act('e')])).toBeNull();
  });

  describe('same_action_observation', () => {
    it('fires on the same action and observation 4 times in a row', () => {
      expect(detectStuck([act('z'), ...times(4, act('a'))])).toEqual({
        kind: 'same_action_observation',
        reason: 'The agent ran the same command 4 times and got the same result.',
      });
    });

    it('does not fire on 3', () => {
      expect(detectStuck(times(3, act('a')))).toBeNull();
    });

    it('does not fire when the observation changed', () => {
      expect(detectStuck([act('a', 'o1'), act('a', 'o1'), act('a', 'o2'), act('a', 'o1')])).toBeNull();
    });

    it('does not fire when a talk turn broke the run', () => {
      expect(detectStuck([act('a'), act('a'), talk, act('a'), act('a')])).toBeNull();
    });

    it('names a step that is not a command in general words', () => {
      const read: LoopStep = { kind: 'action', tool: 'read', inputHash: 'r', observationHash: 'o', failed: false };
      expect(detectStuck(times(4, read))?.reason).toBe('The agent repeated the same step 4 times and got the same result.');
    });
  });

  describe('repeating_action_error', () => {
    it('fires on the same call failing 3 times in a row, whatever each error says', () => {
      expect(detectStuck([act('z'), fail('a', 'not found'), fail('a', 'permission denied'), fail('a', 'timed out')])).toEqual({
        kind: 'same_action_error',
        reason: 'The agent ran the same command 3 times and it failed each time.',
      });
    });

    it('counts the whole run of failures for the founder', () => {
      expect(detectStuck([fail('a', 'e1'), fail('a', 'e2'), fail('a', 'e3'), fail('a', 'e4')])?.reason).toMatch(/4 times and it failed each time/);
    });

    it('does not fire on 2', () => {
      expect(detectStuck([act('z'), fail('a', 'e1'), fail('a', 'e2')])).toBeNull();
    });

    it('does not fire when one of the calls succeeded', () => {
      expect(detectStuck([fail('a', 'e1'), act('a', 'ok'), fail('a', 'e3')])).toBeNull();
    });

    it('does not fire when each failing call is a new one (progress)', () => {
      expect(detectStuck([fail('a', 'e'), fail('b', 'e'), fail('c', 'e')])).toBeNull();
    });

    it('does not fire when a turn of talk came between', () => {
      expect(detectStuck([fail('a', 'e1'), fail('a', 'e2'), talk, fail('a', 'e3')])).toBeNull();
    });
  });

  describe('monologue', () => {
    it('fires on 3 talk turns in a row', () => {
      expect(detectStuck([act('a'), talk, talk, talk])).toEqual({
        kind: 'monologue',
        reason: 'The agent wrote 3 messages in a row without doing anything.',
      });
    });

    it('does not fire on 2, or when an action came between', () => {
      expect(detectStuck([talk, talk])).toBeNull();
      expect(detectStuck([talk, talk, act('a'), talk])).toBeNull();
    });
  });

  describe('alternation', () => {
    it('fires on ABABAB over the last 6 steps', () => {
      expect(detectStuck([act('z'), act('a'), act('b'), act('a'), act('b'), act('a'), act('b')])).toEqual({
        kind: 'alternation',
        reason: 'The agent kept switching back and forth between the same two steps without making progress.',
      });
    });

    it('does not fire on ABABA', () => {
      expect(detectStuck([act('a'), act('b'), act('a'), act('b'), act('a')])).toBeNull();
    });

    it('does not fire when an observation changed', () => {
      expect(detectStuck([act('a'), act('b'), act('a'), act('b', 'new'), act('a'), act('b')])).toBeNull();
    });

    it('does not fire on ABABAC', () => {
      expect(detectStuck([act('a'), act('b'), act('a'), act('b'), act('a'), act('c')])).toBeNull();
    });
  });

});
