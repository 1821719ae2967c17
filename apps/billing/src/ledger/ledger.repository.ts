import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { safeMicrodollars } from '../microdollars';
import { LedgerEntryEntity } from './ledger-entry.entity';

export type NewLedgerEntry = Omit<LedgerEntryEntity, 'id'>;

@Injectable()
export class LedgerRepository {
  constructor(@InjectRepository(LedgerEntryEntity) private readonly entries: Repository<LedgerEntryEntity>) {}

  /** Bills a model call unless its usage id is already in the ledger; true when it was new. */
  async recordOnce(entry: NewLedgerEntry): Promise<boolean> {
    const { raw } = await this.entries.createQueryBuilder()
      .insert()
      .into(LedgerEntryEntity)
      .values(entry)
      .orIgnore()
      .returning('id')
      .updateEntity(false)
      .execute();
    return (raw as unknown[]).length > 0; // false: a redelivery, already billed
  }

  async spentByRun(runId: string): Promise<number> {
    const row = await this.entries.createQueryBuilder('e')
      .select('COALESCE(SUM(e.cost_microdollars), 0)::text', 'spent')
      .where('e.run_id = :runId', { runId })
      .getRawOne<{ spent: string }>();
    return safeMicrodollars(row?.spent ?? '0');
  }
}
