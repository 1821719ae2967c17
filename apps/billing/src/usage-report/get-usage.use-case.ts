import { Injectable } from '@nestjs/common';
import { UsageReplyV1, UsageRequestV1 } from '@cofounder/contracts';
import { founderOf } from '../founders/founder-id';
import { LedgerRepository } from '../ledger/ledger.repository';
import { BudgetStatusService } from '../pacing/budget-status.service';

/** GET /v1/usage: the founder's tier, period, budget, today's figures and spend per project. */
@Injectable()
export class GetUsageUseCase {
  constructor(private readonly status: BudgetStatusService, private readonly ledger: LedgerRepository) {}

  async execute(req: UsageRequestV1): Promise<UsageReplyV1> {
    const founder = founderOf(req);
    const status = await this.status.of(founder);
    const { period } = status.position;
    return {
      tier: status.plan.tierName,
      model: status.plan.tier.model,
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
      budgetMicrodollars: status.budgetMicrodollars,
      spentMicrodollars: status.spentMicrodollars,
      todayAllowanceMicrodollars: status.todayAllowanceMicrodollars,
      spentTodayMicrodollars: status.spentTodayMicrodollars,
      projects: await this.ledger.spendByProject(founder, period),
    };
  }
}
