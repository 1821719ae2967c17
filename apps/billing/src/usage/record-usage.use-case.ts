import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { CofounderConfig } from '@cofounder/config';
import { UsageRecordedV1 } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { founderOf } from '../founders/founder-id';
import { LedgerRepository } from '../ledger/ledger.repository';
import { costMicrodollars, priceOf } from '../pricing/cost';
import { ReservationRepository, SettledReservation } from '../reservations/reservation.repository';
import { BudgetNotifier } from './budget-notifier';
import { CostlyAwakePeriodMonitor } from './costly-awake-period.monitor';

/**
 * Bills one model call at its model's configured price and settles its reservation, in one
 * transaction; a redelivered usage is billed once. Any failure is thrown, never swallowed:
 * the message is then redelivered, so a usage is never dropped.
 */
@Injectable()
export class RecordUsageUseCase {
  private readonly log = new Logger(RecordUsageUseCase.name);
  private readonly recorded: Counter<'outcome'>;
  private readonly cost: Counter<'model'>;
  private readonly inputTokens: Counter<'model' | 'kind'>;

  constructor(
    private readonly config: CofounderConfig,
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly reservations: ReservationRepository,
    private readonly notifier: BudgetNotifier,
    private readonly costly: CostlyAwakePeriodMonitor,
    metrics: MetricsRegistry,
  ) {
    this.recorded = new Counter({
      name: 'cofounder_billing_usage_records_total', help: 'Usage messages handled, billed or recognised as already billed',
      labelNames: ['outcome'], registers: [metrics],
    });
    this.cost = new Counter({
      name: 'cofounder_billing_cost_microdollars_total', help: 'What model calls cost, as billed to the ledger (each call once), by model',
      labelNames: ['model'], registers: [metrics],
    });
    this.inputTokens = new Counter({
      name: 'cofounder_billing_input_tokens_total', help: 'Input tokens of billed model calls (each call once), by model and kind: uncached, cache_read, cache_write',
      labelNames: ['model', 'kind'], registers: [metrics],
    });
  }

  /** True when the call was billed now, false when the ledger already had it. */
  async execute(usage: UsageRecordedV1): Promise<boolean> {
    const { billed, settled, cost } = await this.settle(usage);
    this.recorded.inc({ outcome: billed ? 'billed' : 'duplicate' });
    if (billed) this.countBilled(usage, cost);
    if (!billed) this.log.log({ msg: 'usage already billed', usageId: usage.responseId, runId: usage.runId });
    if (billed && settled) await this.costly.check(usage, settled.awakeSince);
    // Also after a redelivery: the first delivery may have died between its commit and these
    // publishes. Their message ids come from the usage, so the founder sees each once.
    await this.notifier.afterSettle(usage);
    return billed;
  }

  private countBilled(usage: UsageRecordedV1, cost: number): void {
    const { model } = usage;
    this.cost.inc({ model }, cost);
    this.inputTokens.inc({ model, kind: 'uncached' }, usage.inputTokens);
    this.inputTokens.inc({ model, kind: 'cache_read' }, usage.cacheReadInputTokens);
    this.inputTokens.inc({ model, kind: 'cache_write' }, usage.cacheCreationInputTokens);
  }

  private settle(usage: UsageRecordedV1): Promise<{ billed: boolean; settled: SettledReservation | null; cost: number }> {
    const founder = founderOf(usage);
    const cost = costMicrodollars(usage, priceOf(this.config.models, usage.model));
    return this.dataSource.transaction(async (em) => {
      const settled = usage.reservationId ? await this.reservations.settle(founder, usage.reservationId, em) : null;
      const billed = await this.ledger.recordOnce(founder, {
        usageId: usage.responseId,
        runId: usage.runId,
        projectId: usage.projectId,
        model: usage.model,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheCreationInputTokens: usage.cacheCreationInputTokens,
        cacheReadInputTokens: usage.cacheReadInputTokens,
        costMicrodollars: cost,
        recordedAt: new Date(usage.at),
        // A reservation already expired or released: the call counts when it was made.
        authorizedAt: settled?.authorizedAt ?? new Date(usage.at),
        reservationId: usage.reservationId ?? null,
      }, em);
      return { billed, settled, cost };
    });
  }
}
