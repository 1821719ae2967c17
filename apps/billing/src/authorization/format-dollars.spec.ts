import { checkRunCap, formatDollars } from './run-cap';

describe('checkRunCap', () => {
  const cap = 5_000_000;

  it('allows a call that stays below the cap', () => {
    expect(checkRunCap({ spentMicrodollars: 1_000_000, estimatedCostMicrodollars: 200_000, runCapMicrodollars: cap }))
      .toEqual({ allowed: true, spentMicrodollars: 1_000_000 });
  });

  it('allows a call that reaches the cap exactly', () => {
    expect(checkRunCap({ spentMicrodollars: 4_800_000, estimatedCostMicrodollars: 200_000, runCapMicrodollars: cap }).allowed).toBe(true);
  });

  it('refuses a call whose worst case would go past the cap, saying why in plain words', () => {
    expect(checkRunCap({ spentMicrodollars: 4_900_000, estimatedCostMicrodollars: 200_000, runCapMicrodollars: cap }))
      .toEqual({ allowed: false, reason: 'This run has spent its $5.00 cap', spentMicrodollars: 4_900_000 });
  });

  it('refuses any call once the cap is spent', () => {
    expect(checkRunCap({ spentMicrodollars: cap, estimatedCostMicrodollars: 1, runCapMicrodollars: cap }).allowed).toBe(false);
  });

  it('allows a free call on a spent cap: it cannot go past it', () => {
    expect(checkRunCap({ spentMicrodollars: cap, estimatedCostMicrodollars: 0, runCapMicrodollars: cap }).allowed).toBe(true);
  });
});

describe('formatDollars', () => {
  it.each([
    [5_000_000, '$5.00'],
    [25_500_000, '$25.50'],
    [1_000_000_000_000, '$1,000,000.00'],
    [0, '$0.00'],
    [1_234_567, '$1.234567'],
    [42, '$0.000042'],
  ])('writes %i microdollars as %s', (micro, text) => {
    expect(formatDollars(micro)).toBe(text);
  });
});
