import { Injectable } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { UsageRecordedV1 } from '@cofounder/contracts';
import { PublishOnce } from '@cofounder/messaging';
import { FounderAccountRepository } from '../founders/founder-account.repository';
import { FounderId, founderOf } from '../founders/founder-id';
import { LedgerRepository } from '../ledger/ledger.repository';
import { BudgetStatus, BudgetStatusService } from '../pacing/budget-status.service';
import { SpendRepository } from '../pacing/spend.repository';

export const ALERT_PERCENT = 50;

/** Tells the founder what a settled call did to their budget: `budget.updated`, and once a period `budget.alert`. */
@Injectable()
export class BudgetNotifier {
  constructor(
    private readonly clock: Clock,
    private readonly status: BudgetStatusService,
    private readonly accounts: FounderAccountRepository,
    private readonly spend: SpendRepository,
    private readonly ledger: LedgerRepository,
    private readonly events: PublishOnce,
  ) {}

  async afterSettle(usage: UsageRecordedV1): Promise<void> {
    const founder = founderOf(usage);
    // Read after the settle's commit: the run's figure includes this call, so the last one announced is the ledger's.
    const [status, run] = await Promise.all([this.status.of(founder), this.ledger.runTotals(founder, usage.runId)]);
    await this.events.publish(usage.runId, `budget.updated:${usage.responseId}`, {
      type: 'budget.updated',
      runCostMicrodollars: run.costMicrodollars,
      runInputTokens: run.inputTokens,
      runCacheCreationInputTokens: run.cacheCreationInputTokens,
      runCacheReadInputTokens: run.cacheReadInputTokens,
      spentMicrodollars: status.spentMicrodollars,
      budgetMicrodollars: status.budgetMicrodollars,
      todayAllowanceMicrodollars: status.todayAllowanceMicrodollars,
      spentTodayMicrodollars: status.spentTodayMicrodollars,
    });
    await this.alertAtHalf(founder, status);
  }

  /**
   * Sent to every active run before it is noted as sent: a crash in between sends it again,
   * and each run's copy is keyed by the period, so it shows once.
   */
  private async alertAtHalf(founder: FounderId, status: BudgetStatus): Promise<void> {
    const { budgetMicrodollars: budget, spentMicrodollars: spent, position } = status;
    if (budget === 0 || spent * 100 < budget * ALERT_PERCENT) return;
    if (await this.accounts.alertedIn(founder, position.period.start)) return;
    const runs = await this.spend.activeRuns(founder, position.today, this.clock.now());
    const key = `budget.alert:${position.period.start.toISOString()}`;
    await Promise.all(runs.map((runId) => this.events.publish(runId, key, { type: 'budget.alert', percent: ALERT_PERCENT })));
    await this.accounts.markAlerted(founder, position.period.start);
  }
}
