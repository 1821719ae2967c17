import { Injectable } from '@nestjs/common';
import { CofounderConfig, TierConfig } from '@cofounder/config';

export interface FounderTier {
  name: string;
  tier: TierConfig;
}

/**
 * Which tier a founder is on. There are no subscriptions yet, so every founder is on the
 * configuration's default tier; the Stripe subscription lookup (price id → tier) goes here.
 */
@Injectable()
export class TierResolver {
  constructor(private readonly config: CofounderConfig) {}

  tierOf(_ownerId: string): Promise<FounderTier> {
    const name = this.config.defaultTier;
    return Promise.resolve({ name, tier: this.config.tiers[name] });
  }
}
