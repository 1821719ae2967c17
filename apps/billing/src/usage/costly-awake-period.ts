import type { PriceConfig, TierConfig } from '@cofounder/config';
import { costMicrodollars } from '../pricing/cost';

export const COSTLY_FACTOR = 3;

/**
 * What one call of the tier's model usually costs: the tier's usual turn (uncached input and
 * output tokens) at that model's price. A run on the wrong model, or one whose context is not
 * cached, costs several of these per call (seed pitfall 8).
 */
export function usualCallCost(tier: TierConfig, tierModelPrice: PriceConfig): number {
  return costMicrodollars({
    inputTokens: tier.usualTurnInputTokens, outputTokens: tier.usualTurnOutputTokens,
    cacheCreationInputTokens: 0, cacheReadInputTokens: 0,
  }, tierModelPrice);
}

/** An awake period whose calls cost on average more than three usual calls each. */
export function isCostlyAwakePeriod(awake: { spent: number; calls: number }, usualCall: number): boolean {
  return awake.calls > 0 && awake.spent > COSTLY_FACTOR * usualCall * awake.calls;
}
