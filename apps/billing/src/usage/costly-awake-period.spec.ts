import type { TierConfig } from '@cofounder/config';
import { isCostlyAwakePeriod, usualCallCost } from './costly-awake-period';

const sonnet = { input: 3_000_000, output: 15_000_000, cacheWrite: 3_750_000, cacheRead: 300_000 };
const tier = { usualTurnInputTokens: 30_000, usualTurnOutputTokens: 1_000 } as TierConfig;

describe('the 3x warning', () => {
  it('prices a usual call as the tier\'s usual turn at its model\'s price', () => {
    expect(usualCallCost(tier, sonnet)).toBe(90_000 + 15_000);
  });

  it('flags an awake period whose calls average more than three usual calls', () => {
    expect(isCostlyAwakePeriod({ spent: 3 * 105_000 * 4, calls: 4 }, 105_000)).toBe(false);
    expect(isCostlyAwakePeriod({ spent: 3 * 105_000 * 4 + 1, calls: 4 }, 105_000)).toBe(true);
  });

  it('flags nothing before a call is settled', () => {
    expect(isCostlyAwakePeriod({ spent: 0, calls: 0 }, 0)).toBe(false);
  });
});
