import { firstLimitPassed, LimitFigures } from './limits';

const todayEnd = new Date('2026-01-02T00:00:00Z');
const periodEnd = new Date('2026-01-31T00:00:00Z');
// $30 a period, $1 a day, nothing spent yet.
const base: LimitFigures = {
  cost: 100_000, model: 'claude-sonnet-4-5', budget: 30_000_000, spentBeforeToday: 0, spentToday: 0,
  todayAllowance: 1_000_000, freshDayAllowance: 1_000_000, projectSpent: 0, awakeSpent: 0,
  awakePeriodCap: 2_000_000, confirmedThisPeriod: false, todayEnd, periodEnd,
};
const limitOf = (f: Partial<LimitFigures>) => firstLimitPassed({ ...base, ...f })?.limit ?? null;

describe('firstLimitPassed', () => {
  it('allows a call under every limit, and one that reaches today\'s allowance exactly', () => {
    expect(limitOf({})).toBeNull();
    expect(limitOf({ spentToday: 900_000 })).toBeNull();
  });

  it('sleeps until tomorrow when today\'s allowance would be passed', () => {
    expect(firstLimitPassed({ ...base, spentToday: 900_001 })).toEqual({
      limit: 'day', retryAt: todayEnd,
      reason: 'Today\'s allowance of $1.00 is spent ($0.900001 so far); work resumes with tomorrow\'s.',
    });
  });

  it('sleeps until the renewal when the period budget would be passed', () => {
    const refusal = firstLimitPassed({ ...base, spentBeforeToday: 29_950_000, todayAllowance: 1_000_000 });
    expect(refusal).toMatchObject({ limit: 'period', retryAt: periodEnd });
    expect(refusal?.reason).toContain('$30.00');
  });

  it('escalates a call bigger than a whole day, whatever is spent', () => {
    expect(firstLimitPassed({ ...base, cost: 1_000_001 })).toMatchObject({ limit: 'plan' });
    expect(firstLimitPassed({ ...base, cost: 1_000_001 })?.reason).toContain('the plan is too small for this model');
  });

  it('says period, not plan, when the period is spent but a fresh one would hold the call', () => {
    expect(limitOf({ spentBeforeToday: 30_000_000, todayAllowance: 0 })).toBe('period');
  });

  it('refuses every paid call on a budget of zero as a plan too small', () => {
    expect(limitOf({ budget: 0, todayAllowance: 0, freshDayAllowance: 0, cost: 1 })).toBe('plan');
    expect(limitOf({ budget: 0, todayAllowance: 0, freshDayAllowance: 0, cost: 0, awakePeriodCap: 0 })).toBeNull();
  });

  it('asks the founder past 80% of the budget, unless they confirmed this period', () => {
    const near = { spentBeforeToday: 23_950_000, projectSpent: 0 };
    expect(limitOf({ ...near, cost: 50_000 })).toBeNull(); // reaches $24.00 exactly
    expect(limitOf({ ...near, cost: 50_001 })).toBe('alert');
    expect(limitOf({ ...near, cost: 50_001, confirmedThisPeriod: true })).toBeNull();
  });

  it('stops a project at 90% of the budget, even after the founder confirmed', () => {
    expect(limitOf({ spentBeforeToday: 26_950_000, projectSpent: 26_950_000, confirmedThisPeriod: true })).toBe('project');
    expect(limitOf({ spentBeforeToday: 26_900_000, projectSpent: 26_900_000, confirmedThisPeriod: true })).toBeNull();
  });

  it('stops a run at its awake-period cap', () => {
    expect(limitOf({ awakeSpent: 1_900_000 })).toBeNull();
    expect(limitOf({ awakeSpent: 1_900_001 })).toBe('awake_period');
  });

  it('puts a sleeping limit before one that asks the founder', () => {
    expect(limitOf({ spentToday: 1_000_000, awakeSpent: 2_000_000 })).toBe('day');
  });
});
