import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { CofounderConfig } from '@cofounder/config';
import { UsageRecordedV1 } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { LedgerRepository } from '../ledger/ledger.repository';
import { costMicrodollars, priceOf } from '../pricing/cost';

/** Bills one model call at its model's configured price; a redelivered usage is billed once. */
@Injectable()
export class RecordUsageUseCase {
  private readonly log = new Logger(RecordUsageUseCase.name);
  private readonly recorded: Counter<'outcome'>;

  constructor(private readonly config: CofounderConfig, private readonly ledger: LedgerRepository, metrics: MetricsRegistry) {
    this.recorded = new Counter({
      name: 'cofounder_billing_usage_records_total', help: 'Usage messages handled, billed or recognised as already billed',
      labelNames: ['outcome'], registers: [metrics],
    });
  }

  /** True when the call was billed now, false when the ledger already had it. */
  async execute(usage: UsageRecordedV1): Promise<boolean> {
    const cost = costMicrodollars(usage, priceOf(this.config.models, usage.model));
    const billed = await this.ledger.recordOnce({
      usageId: usage.responseId,
      runId: usage.runId,
      ownerId: usage.ownerId,
      projectId: usage.projectId,
      model: usage.model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheCreationInputTokens: usage.cacheCreationInputTokens,
      cacheReadInputTokens: usage.cacheReadInputTokens,
      costMicrodollars: cost,
      recordedAt: new Date(usage.at),
    });
    this.recorded.inc({ outcome: billed ? 'billed' : 'duplicate' });
    if (!billed) this.log.log({ msg: 'usage already billed', usageId: usage.responseId, runId: usage.runId });
    return billed;
  }
}
