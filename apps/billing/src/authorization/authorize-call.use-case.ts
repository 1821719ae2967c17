import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AuthorizeReplyV1, AuthorizeRequestV1 } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { LedgerRepository } from '../ledger/ledger.repository';
import { TierResolver } from '../plans/tier-resolver';
import { checkRunCap } from './run-cap';

/** Before each model call: may this run spend the call's worst case? A refusal is an answer, not an error. */
@Injectable()
export class AuthorizeCallUseCase {
  private readonly decisions: Counter<'allowed'>;

  constructor(private readonly tiers: TierResolver, private readonly ledger: LedgerRepository, metrics: MetricsRegistry) {
    this.decisions = new Counter({
      name: 'cofounder_billing_authorizations_total', help: 'Model calls authorized or refused',
      labelNames: ['allowed'], registers: [metrics],
    });
  }

  async execute(req: AuthorizeRequestV1): Promise<AuthorizeReplyV1> {
    const { tier } = await this.tiers.tierOf(req.ownerId);
    const decision = checkRunCap({
      spentMicrodollars: await this.ledger.spentByRun(req.runId),
      estimatedCostMicrodollars: req.estimatedCostMicrodollars,
      runCapMicrodollars: tier.runCapMicrodollars,
    });
    this.decisions.inc({ allowed: String(decision.allowed) });
    return decision;
  }
}
