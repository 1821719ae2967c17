import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@cofounder/persistence';
import { AddPublishedEvents1767700000000 } from '../events/migrations/1767700000000-add-published-events';
import { FounderAccountEntity } from '../founders/founder-account.entity';
import { FounderAccountRepository } from '../founders/founder-account.repository';
import { SpendRepository } from '../pacing/spend.repository';
import { ReservationEntity } from '../reservations/reservation.entity';
import { ReservationRepository } from '../reservations/reservation.repository';
import { FounderSubscriptionEntity } from '../subscriptions/founder-subscription.entity';
import { CreateFounderSubscriptions1732650000000 } from '../subscriptions/migrations/1732650000000-create-founder-subscriptions';
import { StripeEventEntity } from '../subscriptions/stripe-event.entity';
import { CostlyAwakePeriodRepository } from '../usage/costly-awake-period.repository';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LedgerRepository } from './ledger.repository';
import { CreateLedgerEntries1732500000000 } from './migrations/1732500000000-create-ledger-entries';
import { ReservationsAndPacing1733000000000 } from './migrations/1733000000000-reservations-and-pacing';

const repositories = [LedgerRepository, ReservationRepository, FounderAccountRepository, SpendRepository, CostlyAwakePeriodRepository];

/**
 * The billing schema. Global so that ObservabilityModule's /health can inject the
 * PostgreSQL indicator that PersistenceModule provides.
 */
@Global()
@Module({
  imports: [
    PersistenceModule.forRoot({
      name: 'billing',
      entities: [LedgerEntryEntity, ReservationEntity, FounderAccountEntity, FounderSubscriptionEntity, StripeEventEntity],
      migrations: [
        CreateLedgerEntries1732500000000, CreateFounderSubscriptions1732650000000, ReservationsAndPacing1733000000000, AddPublishedEvents1767700000000,
      ],
    }),
  ],
  providers: repositories,
  exports: [...repositories, PersistenceModule],
})
export class LedgerModule {}
