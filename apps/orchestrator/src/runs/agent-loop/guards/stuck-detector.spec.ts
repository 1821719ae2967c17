import { detectStuck, LoopStep } from './stuck-detector';

const act = (input: string, observation = `obs-${input}`, extra: Partial<Extract<LoopStep, { kind: 'action' }>> = {}): LoopStep =>
  ({ kind: 'action', tool: 'bash', inputHash: input, observationHash: observation, isError: false, ...extra });
const fail = (input: string, signature = 'sig-1', observation = `obs-${input}`): LoopStep =>
  act(input, observation, { isError: true, errorSignature: signature });
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
      const read: LoopStep = { kind: 'action', tool: 'read', inputHash: 'r', observationHash: 'o', isError: false };
      expect(detectStuck(times(4, read))?.reason).toBe('The agent repeated the same step 4 times and got the same result.');
    });
  });

  describe('same_error', () => {
    it('fires on the same action failing the same way 3 times in a row', () => {
      expect(detectStuck([fail('a', 's', 'o1'), fail('a', 's', 'o2'), fail('a', 's', 'o3')])).toEqual({
        kind: 'same_error',
        reason: 'The agent tried the same step 3 times and it failed the same way each time.',
      });
    });

    it('does not fire on 2', () => {
      expect(detectStuck([act('b'), fail('a'), fail('a')])).toBeNull();
    });

    it('does not fire when one of the three succeeded', () => {
      expect(detectStuck([fail('a'), act('a'), fail('a')])).toBeNull();
    });

    it('does not fire when the errors differ', () => {
      expect(detectStuck([fail('a', 's1'), fail('a', 's2'), fail('a', 's1')])).toBeNull();
    });

    it('does not fire when the actions differ', () => {
      expect(detectStuck([fail('a'), fail('b'), fail('a')])).toBeNull();
    });

    it('compares observations when there is no signature', () => {
      const bare = (o: string) => act('a', o, { isError: true });
      expect(detectStuck([bare('o'), bare('o'), bare('o')])?.kind).toBe('same_error');
      expect(detectStuck([bare('o'), bare('p'), bare('o')])).toBeNull();
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

  it('prefers the most specific pattern when several match', () => {
    expect(detectStuck(times(4, fail('a')))?.kind).toBe('same_action_observation');
  });
});
