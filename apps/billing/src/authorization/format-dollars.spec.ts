import { formatDollars } from './format-dollars';

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
