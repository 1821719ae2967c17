import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { ConfirmBudgetReplyV1, ConfirmBudgetRequestV1 } from '@cofounder/contracts';
import { FounderAccountRepository } from '../founders/founder-account.repository';
import { founderOf } from '../founders/founder-id';
import { PacingResolver } from '../pacing/pacing.resolver';

/** The founder said `continue` at 80% of the period budget: not asked again until the period ends. */
@Injectable()
export class ConfirmBudgetUseCase {
  constructor(private readonly clock: Clock, private readonly pacing: PacingResolver, private readonly accounts: FounderAccountRepository) {}

  async execute(req: ConfirmBudgetRequestV1): Promise<ConfirmBudgetReplyV1> {
    const founder = founderOf(req);
    const now = this.clock.now();
    const [plan, account] = await Promise.all([this.pacing.planOf(founder), this.accounts.find(founder)]);
    const { period } = this.pacing.positionAt(plan, account?.firstSeenAt ?? now, now);
    await this.accounts.confirm(founder, period.start, now);
    return { periodEnd: period.end.toISOString() };
  }
}
