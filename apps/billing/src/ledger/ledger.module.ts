import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@cofounder/persistence';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LedgerRepository } from './ledger.repository';
import { CreateLedgerEntries1732500000000 } from './migrations/1732500000000-create-ledger-entries';
import { FounderSubscriptionEntity } from '../subscriptions/founder-subscription.entity';
import { CreateFounderSubscriptions1732650000000 } from '../subscriptions/migrations/1732650000000-create-founder-subscriptions';
import { StripeEventEntity } from '../subscriptions/stripe-event.entity';

/**
 * The billing schema. Global so that ObservabilityModule's /health can inject the
 * PostgreSQL indicator that PersistenceModule provides.
 */
@Global()
@Module({
  imports: [
    PersistenceModule.forRoot({
      name: 'billing',
      entities: [LedgerEntryEntity, FounderSubscriptionEntity, StripeEventEntity],
      migrations: [CreateLedgerEntries1732500000000, CreateFounderSubscriptions1732650000000],
    }),
  ],
  providers: [LedgerRepository],
  exports: [LedgerRepository, PersistenceModule],
})
export class LedgerModule {}
