import { pacingDayAt, pacingDaysIn, pacingDaysLeft, periodAt, todayAllowance } from './pacing';

const DAY = 1_000;
const settings = { dayMs: DAY, periodDays: 30 };
const t = (ms: number) => new Date(ms);
const anchor = t(1_000_000);

describe('periodAt', () => {
  it('starts a founder\'s first period at their first run', () => {
    expect(periodAt({ anchor }, settings, anchor)).toEqual({ start: anchor, end: t(1_030_000) });
  });

  it('rolls forward period by period', () => {
    expect(periodAt({ anchor }, settings, t(1_030_000))).toEqual({ start: t(1_030_000), end: t(1_060_000) });
    expect(periodAt({ anchor }, settings, t(1_095_500))).toEqual({ start: t(1_090_000), end: t(1_120_000) });
  });

  it('takes a subscription\'s period as it is, and carries it forward when its renewal is late', () => {
    const subscription = { start: t(5_000), end: t(12_500) };
    expect(periodAt({ anchor, subscription }, settings, t(6_000))).toEqual(subscription);
    expect(periodAt({ anchor, subscription }, settings, t(13_000))).toEqual({ start: t(12_500), end: t(20_000) });
  });
});

describe('pacing days', () => {
  const period = { start: t(0), end: t(2_500) }; // two and a half days

  it('counts days from the period start', () => {
    expect(pacingDayAt(period, DAY, t(0))).toEqual({ start: t(0), end: t(1_000) });
    expect(pacingDayAt(period, DAY, t(1_999))).toEqual({ start: t(1_000), end: t(2_000) });
  });

  it('cuts the last day short at the period end', () => {
    expect(pacingDayAt(period, DAY, t(2_100))).toEqual({ start: t(2_000), end: t(2_500) });
  });

  it('counts days left, today included, the short last one as a whole', () => {
    expect(pacingDaysLeft(period, pacingDayAt(period, DAY, t(0)), DAY)).toBe(3);
    expect(pacingDaysLeft(period, pacingDayAt(period, DAY, t(2_400)), DAY)).toBe(1);
    expect(pacingDaysIn(period, DAY)).toBe(3);
  });
});

describe('todayAllowance', () => {
  it('spreads the budget over the period on its first day', () => {
    expect(todayAllowance(30_000_000, 0, 30)).toBe(1_000_000);
  });

  it('rounds down to a microdollar', () => {
    expect(todayAllowance(10, 0, 3)).toBe(3);
  });

  it('grows when earlier days spent less, and gives what is left on the last day', () => {
    expect(todayAllowance(30_000_000, 10_000_000, 25)).toBe(800_000);
    expect(todayAllowance(30_000_000, 28_500_000, 1)).toBe(1_500_000);
  });

  it('gives nothing once the budget is spent, or past it, or when it is zero', () => {
    expect(todayAllowance(30_000_000, 30_000_000, 4)).toBe(0);
    expect(todayAllowance(30_000_000, 31_000_000, 4)).toBe(0);
    expect(todayAllowance(0, 0, 30)).toBe(0);
  });
});
