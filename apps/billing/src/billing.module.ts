import { Module } from '@nestjs/common';
import { MessagingModule, NatsHealthIndicator } from '@cofounder/messaging';
import { ObservabilityModule } from '@cofounder/observability';
import { DatabaseHealthIndicator } from '@cofounder/persistence';
import { AuthorizeCallUseCase } from './authorization/authorize-call.use-case';
import { BillingController } from './billing.controller';
import { LedgerModule } from './ledger/ledger.module';
import { GetPlanUseCase } from './plans/get-plan.use-case';
import { TierResolver } from './plans/tier-resolver';
import { GetRunCostUseCase } from './run-cost/get-run-cost.use-case';
import { ApplyStripeEventUseCase } from './subscriptions/apply-stripe-event.use-case';
import { StripeWebhookController } from './subscriptions/stripe-webhook.controller';
import { SubscriptionRepository } from './subscriptions/subscription.repository';
import { RecordUsageUseCase } from './usage/record-usage.use-case';
import { UsageController } from './usage/usage.controller';

/** Billing without its configuration: the service adds ConfigModule.forRoot(), a test its own. */
@Module({
  imports: [
    MessagingModule.forRoot('billing'),
    LedgerModule,
    ObservabilityModule.forRoot([NatsHealthIndicator, DatabaseHealthIndicator]),
  ],
  controllers: [BillingController, UsageController, StripeWebhookController],
  providers: [
    TierResolver, RecordUsageUseCase, AuthorizeCallUseCase, GetPlanUseCase, GetRunCostUseCase,
    SubscriptionRepository, ApplyStripeEventUseCase,
  ],
})
export class BillingModule {}
