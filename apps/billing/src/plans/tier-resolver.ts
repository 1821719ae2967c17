import { Injectable } from '@nestjs/common';
import { CofounderConfig, TierConfig } from '@cofounder/config';
import { tierOfPrice } from '../subscriptions/subscription-change';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';

export interface FounderTier {
  name: string;
  tier: TierConfig;
  /** The paying Stripe subscription's current period; absent when the founder has none. */
  periodStart?: Date;
  periodEnd?: Date;
  /** When the founder's last subscription stopped paying, if one did. */
  endedAt: Date | null;
}

/**
 * Which tier a founder is on: the one whose `stripePriceIds` holds the price of their paying
 * Stripe subscription, else the configuration's default tier.
 */
@Injectable()
export class TierResolver {
  constructor(private readonly config: CofounderConfig, private readonly subscriptions: SubscriptionRepository) {}

  async tierOf(ownerId: string): Promise<FounderTier> {
    const { paying, endedAt } = await this.subscriptions.standingOf(ownerId);
    // A price that names no tier was logged when its event was applied; not again at every call.
    const name = tierOfPrice(this.config.tiers, paying?.priceId ?? null) ?? this.config.defaultTier;
    return {
      name,
      tier: this.config.tiers[name],
      ...(paying?.periodStart && { periodStart: paying.periodStart }),
      ...(paying?.periodEnd && { periodEnd: paying.periodEnd }),
      endedAt,
    };
  }
}
