import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { FounderAccountRepository } from '../founders/founder-account.repository';
import type { FounderId } from '../founders/founder-id';
import { todayAllowance } from './pacing';
import { FounderPlan, PacingPosition, PacingResolver } from './pacing.resolver';
import { SpendRepository } from './spend.repository';

/** The founder's money as they are shown it: settled spend from the ledger, and today's allowance. */
export interface BudgetStatus {
  plan: FounderPlan;
  position: PacingPosition;
  budgetMicrodollars: number;
  spentMicrodollars: number;
  todayAllowanceMicrodollars: number;
  spentTodayMicrodollars: number;
}

@Injectable()
export class BudgetStatusService {
  constructor(
    private readonly clock: Clock,
    private readonly pacing: PacingResolver,
    private readonly accounts: FounderAccountRepository,
    private readonly spend: SpendRepository,
  ) {}

  async of(founder: FounderId): Promise<BudgetStatus> {
    const now = this.clock.now();
    const [plan, account] = await Promise.all([this.pacing.planOf(founder), this.accounts.find(founder)]);
    // A founder who has made no call yet: their first period would begin now.
    const position = this.pacing.positionAt(plan, account?.firstSeenAt ?? now, now);
    const figures = await this.spend.figures(founder, { period: position.period, today: position.today, now });
    const budget = plan.tier.monthlyBudgetMicrodollars;
    return {
      plan,
      position,
      budgetMicrodollars: budget,
      spentMicrodollars: figures.settledBeforeToday + figures.settledToday,
      // As authorization computes it, so the founder reads the figure their calls are held to.
      todayAllowanceMicrodollars: todayAllowance(budget, figures.spentBeforeToday, position.daysLeft),
      spentTodayMicrodollars: figures.settledToday,
    };
  }
}
