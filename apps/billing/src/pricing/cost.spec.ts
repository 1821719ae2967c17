import type { ModelConfig, PriceConfig } from '@cofounder/config';
import { costMicrodollars, priceOf, TokenUsage } from './cost';
import { UnpricedModel } from './unpriced-model.error';

const sonnet: PriceConfig = { input: 3_000_000, output: 15_000_000, cacheWrite: 3_750_000, cacheRead: 300_000 };
const none: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
const models: Record<string, ModelConfig> = { 'claude-sonnet-4-5': { contextWindow: 200_000, maxOutputTokens: 64_000, price: sonnet } };

describe('costMicrodollars', () => {
  it('charges each token kind at its own price per million', () => {
    expect(costMicrodollars({ ...none, inputTokens: 1_000_000 }, sonnet)).toBe(3_000_000);
    expect(costMicrodollars({ ...none, outputTokens: 1_000_000 }, sonnet)).toBe(15_000_000);
    expect(costMicrodollars({ ...none, cacheCreationInputTokens: 1_000_000 }, sonnet)).toBe(3_750_000);
    expect(costMicrodollars({ ...none, cacheReadInputTokens: 1_000_000 }, sonnet)).toBe(300_000);
  });

  it('charges the cache writes kept for an hour at cacheWrite1h, else at twice the input price', () => {
    const usage = { ...none, cacheCreationInputTokens: 1_000_000, cacheCreation1hInputTokens: 400_000 };
    // 600,000 five-minute writes at 3.75 and 400,000 one-hour writes at 6: 2,250,000 + 2,400,000.
    expect(costMicrodollars(usage, sonnet)).toBe(4_650_000);
    expect(costMicrodollars(usage, { ...sonnet, cacheWrite1h: 5_000_000 })).toBe(4_250_000);
  });

  it('sums the kinds of one call', () => {
    const usage = { inputTokens: 1200, outputTokens: 350, cacheCreationInputTokens: 2000, cacheReadInputTokens: 10_000 };
    // 3,600 + 5,250 + 7,500 + 3,000 microdollars
    expect(costMicrodollars(usage, sonnet)).toBe(19_350);
  });

  it('rounds a fraction of a microdollar up, once over the whole call', () => {
    // 1 input token = 3 microdollars exactly; 1 cache-read token = 0.3, so the call costs 3.3 → 4.
    expect(costMicrodollars({ ...none, inputTokens: 1, cacheReadInputTokens: 1 }, sonnet)).toBe(4);
    // Two cache writes (7.5) and one cache read (0.3) are 7.8 → 8; rounding each kind would make 9.
    expect(costMicrodollars({ ...none, cacheCreationInputTokens: 2, cacheReadInputTokens: 1 }, sonnet)).toBe(8);
  });

  it('charges nothing for no tokens', () => {
    expect(costMicrodollars(none, sonnet)).toBe(0);
  });

  it('stays exact where floating point would not', () => {
    // 700,000,001 × 15,000,001 is past 2^53: as doubles the last microdollar's fraction is lost.
    expect(costMicrodollars({ ...none, outputTokens: 700_000_001 }, { ...sonnet, output: 15_000_001 })).toBe(10_500_000_716);
  });

  it('refuses a cost beyond a safe integer instead of rounding it', () => {
    expect(() => costMicrodollars({ ...none, inputTokens: 2 ** 31 }, { ...sonnet, input: 2 ** 52 })).toThrow(RangeError);
  });
});

describe('priceOf', () => {
  it('finds the price of a configured model', () => {
    expect(priceOf(models, 'claude-sonnet-4-5')).toBe(sonnet);
  });

  it('makes an unknown model an error rather than free', () => {
    expect(() => priceOf(models, 'gpt-nothing')).toThrow(UnpricedModel);
    expect(() => priceOf(models, 'gpt-nothing')).toThrow('model "gpt-nothing" has no price in the configuration');
  });

  it('does not mistake an inherited property for a model', () => {
    expect(() => priceOf(models, 'constructor')).toThrow(UnpricedModel);
  });
});
