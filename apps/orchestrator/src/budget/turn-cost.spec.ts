import { estimateTurnCostMicrodollars } from './turn-cost';

const sonnet = { input: 3_000_000, output: 15_000_000, cacheWrite: 3_750_000, cacheRead: 300_000 };

describe('estimateTurnCostMicrodollars', () => {
  it('prices the input estimate and the full output allowance', () => {
    // 4,000 chars ≈ 1,000 tokens × $3/M = $0.003; 1,000 output tokens × $15/M = $0.015
    expect(estimateTurnCostMicrodollars(4000, 1000, sonnet)).toBe(18_000);
  });

  it('rounds up so a tiny call is never free', () => {
    expect(estimateTurnCostMicrodollars(1, 0, sonnet)).toBe(3);
  });
});
