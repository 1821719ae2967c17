import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Clock, CofounderConfig } from '@cofounder/config';
import { UsageRecordedV1 } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { founderOf } from '../founders/founder-id';
import { LedgerRepository } from '../ledger/ledger.repository';
import { TierResolver } from '../plans/tier-resolver';
import { priceOf } from '../pricing/cost';
import { COSTLY_FACTOR, isCostlyAwakePeriod, usualCallCost } from './costly-awake-period';
import { CostlyAwakePeriodRepository } from './costly-awake-period.repository';

/** Seed pitfall 8's model-mismatch signal: a log line and a metric, once per awake period. */
@Injectable()
export class CostlyAwakePeriodMonitor {
  private readonly log = new Logger(CostlyAwakePeriodMonitor.name);
  private readonly costly: Counter;

  constructor(
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
    private readonly tiers: TierResolver,
    private readonly ledger: LedgerRepository,
    private readonly noted: CostlyAwakePeriodRepository,
    metrics: MetricsRegistry,
  ) {
    this.costly = new Counter({
      name: 'cofounder_billing_costly_awake_period_total',
      help: `Awake periods whose calls cost on average more than ${COSTLY_FACTOR}x a usual call of their tier's model`,
      registers: [metrics],
    });
  }

  async check(usage: UsageRecordedV1, awakeSince: Date): Promise<void> {
    const founder = founderOf(usage);
    const { name, tier } = await this.tiers.tierOf(founder);
    const usualCall = usualCallCost(tier, priceOf(this.config.models, tier.model));
    const awake = await this.ledger.awakePeriodOf(founder, usage.runId, awakeSince);
    if (!isCostlyAwakePeriod(awake, usualCall)) return;
    if (!(await this.noted.noteOnce(founder, usage.runId, awakeSince, this.clock.now()))) return;
    this.costly.inc();
    this.log.warn({
      msg: 'awake period costs more than 3x the usual call of its tier\'s model', runId: usage.runId, tier: name,
      tierModel: tier.model, callModel: usage.model, calls: awake.calls, spentMicrodollars: awake.spent,
      usualCallMicrodollars: usualCall, awakeSince: awakeSince.toISOString(),
    });
  }
}
