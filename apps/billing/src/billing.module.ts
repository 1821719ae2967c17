import { Module } from '@nestjs/common';
import { MessagingModule, NatsHealthIndicator, PublishedEventLog, PublishOnce } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator } from '@cofounder/persistence';
import { AuthorizeCallUseCase } from './authorization/authorize-call.use-case';
import { BillingController } from './billing.controller';
import { ConfirmBudgetUseCase } from './budget/confirm-budget.use-case';
import { PublishedEventRepository } from './events/published-event.repository';
import { LedgerModule } from './ledger/ledger.module';
import { BudgetStatusService } from './pacing/budget-status.service';
import { PacingResolver } from './pacing/pacing.resolver';
import { GetPlanUseCase } from './plans/get-plan.use-case';
import { TierResolver } from './plans/tier-resolver';
import { ExpireReservationsUseCase } from './reservations/expire-reservations.use-case';
import { ReleaseReservationsUseCase } from './reservations/release-reservations.use-case';
import { ReservationsController } from './reservations/reservations.controller';
import { GetRunCostUseCase } from './run-cost/get-run-cost.use-case';
import { ApplyStripeEventUseCase } from './subscriptions/apply-stripe-event.use-case';
import { StripeWebhookController } from './subscriptions/stripe-webhook.controller';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { GetUsageUseCase } from './usage-report/get-usage.use-case';
import { BudgetNotifier } from './usage/budget-notifier';
import { CostlyAwakePeriodMonitor } from './usage/costly-awake-period.monitor';
import { RecordUsageUseCase } from './usage/record-usage.use-case';
import { UsageController } from './usage/usage.controller';

/** Billing without its configuration: the service adds ConfigModule.forRoot(), a test its own. */
@Module({
  imports: [
    MessagingModule.forRoot('billing'),
    LedgerModule,
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
  ],
  controllers: [BillingController, ReservationsController, UsageController, StripeWebhookController],
  providers: [
    TierResolver, PacingResolver, BudgetStatusService, SubscriptionRepository,
    AuthorizeCallUseCase, ReleaseReservationsUseCase, ExpireReservationsUseCase, ConfirmBudgetUseCase,
    RecordUsageUseCase, BudgetNotifier, CostlyAwakePeriodMonitor,
    GetPlanUseCase, GetRunCostUseCase, GetUsageUseCase, ApplyStripeEventUseCase,
    PublishOnce, { provide: PublishedEventLog, useClass: PublishedEventRepository },
  ],
})
export class BillingModule {}
