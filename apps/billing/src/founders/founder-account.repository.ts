import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { FounderAccountEntity } from './founder-account.entity';
import type { FounderId } from './founder-id';

@Injectable()
export class FounderAccountRepository {
  constructor(@InjectRepository(FounderAccountEntity) private readonly accounts: Repository<FounderAccountEntity>) {}

  /**
   * The founder's account, created at their first call, and locked until `em`'s transaction
   * ends: the serialisation point of every authorization of one founder.
   */
  async lock(founder: FounderId, now: Date, em: EntityManager): Promise<FounderAccountEntity> {
    await em.query(
      'INSERT INTO billing.founder_accounts (owner_id, first_seen_at) VALUES ($1, $2) ON CONFLICT (owner_id) DO NOTHING',
      [founder, now],
    );
    return em.getRepository(FounderAccountEntity).findOneOrFail({ where: { ownerId: founder }, lock: { mode: 'pessimistic_write' } });
  }

  find(founder: FounderId): Promise<FounderAccountEntity | null> {
    return this.accounts.findOneBy({ ownerId: founder });
  }

  /** Notes the period's 50% alert; true for the first caller only, so it is sent once. */
  async markAlerted(founder: FounderId, periodStart: Date): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.accounts.query(
      `UPDATE billing.founder_accounts SET alerted_period_start = $2
       WHERE owner_id = $1 AND alerted_period_start IS DISTINCT FROM $2 RETURNING owner_id`,
      [founder, periodStart],
    );
    return count > 0;
  }

  alertedIn(founder: FounderId, periodStart: Date): Promise<boolean> {
    return this.accounts.existsBy({ ownerId: founder, alertedPeriodStart: periodStart });
  }

  /** The founder's `continue` at 80%, for this period; their account exists once they have made a call. */
  async confirm(founder: FounderId, periodStart: Date, now: Date): Promise<void> {
    await this.accounts.query(
      `INSERT INTO billing.founder_accounts (owner_id, first_seen_at, confirmed_period_start) VALUES ($1, $3, $2)
       ON CONFLICT (owner_id) DO UPDATE SET confirmed_period_start = EXCLUDED.confirmed_period_start`,
      [founder, periodStart, now],
    );
  }
}
