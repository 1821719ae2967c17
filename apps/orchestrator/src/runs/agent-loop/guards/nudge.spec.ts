import { NudgeReason, nudgeFor, nudgeForRetries } from './nudge';

const reasons: NudgeReason[] = ['same_action_observation', 'same_action_error', 'monologue', 'alternation', 'repetition', 'empty_end_turn'];

describe('nudgeFor', () => {
  it('tells the model to step back after running the same command', () => {
    expect(nudgeFor('same_action_observation')).toBe(
      'You have run the same command several times with the same result. Step back, explain what you think is wrong, and try a different approach.',
    );
  });

  it.each(reasons)('has a short nudge for %s', (reason) => {
    const text = nudgeFor(reason);
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(200);
  });

  it('gives each reason its own words', () => {
    expect(new Set(reasons.map(nudgeFor)).size).toBe(reasons.length);
  });

  it('quotes the error that keeps coming back, and says the founder is asked next', () => {
    expect(nudgeForRetries(3, 'cat: notes.txt: No such file or directory.')).toMatch(/3 times: cat: notes.txt: No such file or directory\. .*once more, your founder will be asked/);
  });
});
