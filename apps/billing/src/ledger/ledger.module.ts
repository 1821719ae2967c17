import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '@cofounder/persistence';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LedgerRepository } from './ledger.repository';
import { CreateLedgerEntries1732500000000 } from './migrations/1732500000000-create-ledger-entries';

/**
 * The billing schema. Global so that ObservabilityModule's /health can inject the
 * PostgreSQL indicator that PersistenceModule provides.
 */
@Global()
@Module({
  imports: [
    PersistenceModule.forRoot({ name: 'billing', entities: [LedgerEntryEntity], migrations: [CreateLedgerEntries1732500000000] }),
  ],
  providers: [LedgerRepository],
  exports: [LedgerRepository, PersistenceModule],
})
export class LedgerModule {}
