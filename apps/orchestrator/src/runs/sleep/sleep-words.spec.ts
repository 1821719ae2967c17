import { sleepReason } from './sleep-words';

const now = new Date('2026-11-24T21:15:00Z');
const refusal = { limit: 'day' as const, reason: null, retryAt: null, forecastMicrodollars: null };

describe('sleepReason', () => {
  it('says when the agent goes on, in UTC, relative to today', () => {
    expect(sleepReason(refusal, new Date('2026-11-25T09:00:00Z'), now)).toBe('Today\'s budget is spent; the agent rests and goes on at 09:00 UTC tomorrow.');
    expect(sleepReason(refusal, new Date('2026-11-24T23:00:00Z'), now)).toMatch(/at 23:00 UTC today\.$/);
    expect(sleepReason({ ...refusal, limit: 'period' }, new Date('2027-01-01T00:00:00Z'), now))
      .toBe('This period\'s budget is spent; the agent rests and goes on at 00:00 UTC on 1 January 2027.');
  });

  it('keeps billing\'s own words, and adds the forecast in dollars', () => {
    const words = sleepReason({ ...refusal, reason: 'Today\'s allowance of $0.40 is spent.', forecastMicrodollars: 12_345_001 }, new Date('2026-11-25T09:00:05Z'), now);
    expect(words).toBe('Today\'s allowance of $0.40 is spent; the agent rests and goes on at 09:00:05 UTC tomorrow. '
      + 'At this pace, the project will cost $12.35 by the end of the period.');
  });
});
