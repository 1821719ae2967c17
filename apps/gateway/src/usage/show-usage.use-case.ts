import { Injectable } from '@nestjs/common';
import { Founder } from '@cofounder/auth';
import { BillingUsage, UsageReplyV1 } from '@cofounder/contracts';
import { RpcClient } from '@cofounder/messaging';

/** GET /v1/usage as DESIGN shows it: the founder's tier, period, budget, today's allowance and spend per project. */
export interface UsageView {
  tier: string;
  model: string;
  periodStart: string;
  periodEnd: string;
  budgetMicrodollars: number;
  spentMicrodollars: number;
  todayAllowanceMicrodollars: number;
  spentTodayMicrodollars: number;
  projects: { projectId: string; spentMicrodollars: number }[];
}

/**
 * Billing alone knows the ledger, so the gateway asks it for the caller's figures. Billing not
 * answering is Unavailable, which the errors filter answers 503 without naming a host or a stack.
 */
@Injectable()
export class ShowUsageUseCase {
  constructor(private readonly rpc: RpcClient) {}

  async execute(founder: Founder): Promise<UsageView> {
    return view(await this.rpc.request(BillingUsage, { ownerId: founder.id }));
  }
}

// Field by field, so a field billing adds later reaches the founder only when DESIGN names it.
function view(usage: UsageReplyV1): UsageView {
  return {
    tier: usage.tier,
    model: usage.model,
    periodStart: usage.periodStart,
    periodEnd: usage.periodEnd,
    budgetMicrodollars: usage.budgetMicrodollars,
    spentMicrodollars: usage.spentMicrodollars,
    todayAllowanceMicrodollars: usage.todayAllowanceMicrodollars,
    spentTodayMicrodollars: usage.spentTodayMicrodollars,
    projects: usage.projects.map((p) => ({ projectId: p.projectId, spentMicrodollars: p.spentMicrodollars })),
  };
}
