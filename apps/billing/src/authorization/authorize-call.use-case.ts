import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock, CofounderConfig } from '@cofounder/config';
import { AuthorizeReplyV1, AuthorizeRequestV1 } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { FounderAccountRepository } from '../founders/founder-account.repository';
import { founderOf } from '../founders/founder-id';
import { projectForecast } from '../pacing/forecast';
import { todayAllowance } from '../pacing/pacing';
import { FounderPlan, PacingPosition, PacingResolver } from '../pacing/pacing.resolver';
import { SpendFigures, SpendRepository } from '../pacing/spend.repository';
import { costMicrodollars, priceOf } from '../pricing/cost';
import { ReservationRepository } from '../reservations/reservation.repository';
import { firstLimitPassed, LimitFigures, PROJECT_SHARE, Refusal, shareOf } from './limits';

/**
 * Before each model call: reserve its worst case against every limit, or say which limit
 * refuses it. A refusal is an answer, not an error.
 */
@Injectable()
export class AuthorizeCallUseCase {
  private readonly decisions: Counter<'outcome'>;

  constructor(
    private readonly config: CofounderConfig,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly pacing: PacingResolver,
    private readonly accounts: FounderAccountRepository,
    private readonly spend: SpendRepository,
    private readonly reservations: ReservationRepository,
    metrics: MetricsRegistry,
  ) {
    this.decisions = new Counter({
      name: 'cofounder_billing_authorizations_total', help: 'Model calls authorized, or refused by the limit named',
      labelNames: ['outcome'], registers: [metrics],
    });
  }

  async execute(req: AuthorizeRequestV1): Promise<AuthorizeReplyV1> {
    const founder = founderOf(req);
    // Billing alone knows prices: the input estimate and all of max_tokens, rounded up.
    const cost = costMicrodollars(
      { inputTokens: req.estimatedInputTokens, outputTokens: req.maxOutputTokens, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
      priceOf(this.config.models, req.model),
    );
    // Read outside the transaction: a transaction waiting on the founder's lock holds a pooled
    // connection, so nothing under the lock may ask the pool for a second one.
    const plan = await this.pacing.planOf(founder);
    const reply = await this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const account = await this.accounts.lock(founder, now, em);
      const position = this.pacing.positionAt(plan, account.firstSeenAt, now);
      const spent = await this.spend.figures(founder, {
        period: position.period, today: position.today, now, projectId: req.projectId,
        run: { runId: req.runId, awakeSince: new Date(req.awakeSince) },
      }, em);
      const refusal = firstLimitPassed(this.limitFigures(req, cost, plan, position, spent, account.confirmedPeriodStart));
      if (refusal) return this.refuse(refusal, plan, position, spent);
      const reservationId = randomUUID();
      await this.reservations.insert(founder, {
        id: reservationId, runId: req.runId, projectId: req.projectId, model: req.model, amountMicrodollars: cost,
        awakeSince: new Date(req.awakeSince), authorizedAt: now, expiresAt: new Date(now.getTime() + this.config.time.reservationTtlMs),
      }, em);
      return { allowed: true, reservationId };
    });
    this.decisions.inc({ outcome: reply.allowed ? 'allowed' : reply.limit ?? 'refused' });
    return reply;
  }

  private limitFigures(
    req: AuthorizeRequestV1, cost: number, plan: FounderPlan, position: PacingPosition, spent: SpendFigures, confirmed: Date | null,
  ): LimitFigures {
    const budget = plan.tier.monthlyBudgetMicrodollars;
    return {
      cost,
      model: req.model,
      budget,
      spentBeforeToday: spent.spentBeforeToday,
      spentToday: spent.spentToday,
      todayAllowance: todayAllowance(budget, spent.spentBeforeToday, position.daysLeft),
      freshDayAllowance: todayAllowance(budget, 0, position.daysInPeriod),
      projectSpent: spent.projectSpent,
      awakeSpent: spent.awakeSpent,
      awakePeriodCap: plan.tier.awakePeriodCapMicrodollars,
      confirmedThisPeriod: confirmed?.getTime() === position.period.start.getTime(),
      todayEnd: position.today.end,
      periodEnd: position.period.end,
    };
  }

  private refuse(refusal: Refusal, plan: FounderPlan, position: PacingPosition, spent: SpendFigures): AuthorizeReplyV1 {
    const reply: AuthorizeReplyV1 = { allowed: false, limit: refusal.limit, reason: refusal.reason };
    if (refusal.retryAt) reply.retryAt = refusal.retryAt.toISOString();
    if (refusal.limit === 'day' || refusal.limit === 'period') {
      reply.forecastMicrodollars = projectForecast({
        projectSpent: spent.projectSpent,
        daysBegun: position.daysInPeriod - position.daysLeft + 1,
        daysInPeriod: position.daysInPeriod,
        projectCap: shareOf(plan.tier.monthlyBudgetMicrodollars, PROJECT_SHARE),
      });
    }
    return reply;
  }
}

