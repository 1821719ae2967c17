import { Injectable } from '@nestjs/common';
import { CofounderConfig, TierConfig } from '@cofounder/config';
import type { FounderId } from '../founders/founder-id';
import { TierResolver } from '../plans/tier-resolver';
import { pacingDayAt, pacingDaysIn, pacingDaysLeft, Period, periodAt } from './pacing';

/** A founder's tier and where their period comes from, read before any lock is taken. */
export interface FounderPlan {
  tierName: string;
  tier: TierConfig;
  subscription?: Period;
  /** The end of their last subscription, if any: a period without one counts from the later of this and the first run. */
  endedAt: Date | null;
}

/** Where a founder stands in time: their period, today's pacing day, and how many days are left. */
export interface PacingPosition {
  period: Period;
  today: Period;
  daysLeft: number;
  daysInPeriod: number;
}

@Injectable()
export class PacingResolver {
  constructor(private readonly config: CofounderConfig, private readonly tiers: TierResolver) {}

  async planOf(founder: FounderId): Promise<FounderPlan> {
    const { name, tier, periodStart, periodEnd, endedAt } = await this.tiers.tierOf(founder);
    const subscription = periodStart && periodEnd ? { start: periodStart, end: periodEnd } : undefined;
    return { tierName: name, tier, subscription, endedAt };
  }

  /** Pure once the plan is read: `firstSeenAt` comes from the founder's account, under its lock. */
  positionAt(plan: FounderPlan, firstSeenAt: Date, now: Date): PacingPosition {
    const { dayMs } = this.config.time;
    const anchor = plan.endedAt && plan.endedAt > firstSeenAt ? plan.endedAt : firstSeenAt;
    const period = periodAt({ subscription: plan.subscription, anchor }, { dayMs, periodDays: this.config.periodDays }, now);
    const today = pacingDayAt(period, dayMs, now);
    return { period, today, daysLeft: pacingDaysLeft(period, today, dayMs), daysInPeriod: pacingDaysIn(period, dayMs) };
  }
}
