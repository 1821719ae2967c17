import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { FounderAccountEntity } from './founder-account.entity';
import { queryPrepared } from '@cofounder/persistence';
import type { FounderId } from './founder-id';

/** What an authorization reads of the founder's account, under its lock. */
export type LockedAccount = Pick<FounderAccountEntity, 'firstSeenAt' | 'confirmedPeriodStart'>;

const LOCK_ACCOUNT = `SELECT first_seen_at AS "firstSeenAt", confirmed_period_start AS "confirmedPeriodStart"
  FROM billing.founder_accounts WHERE owner_id = $1 FOR UPDATE`;
const OPEN_ACCOUNT = 'INSERT INTO billing.founder_accounts (owner_id, first_seen_at) VALUES ($1, $2) ON CONFLICT (owner_id) DO NOTHING';

@Injectable()
export class FounderAccountRepository {
  constructor(@InjectRepository(FounderAccountEntity) private readonly accounts: Repository<FounderAccountEntity>) {}

  /**
   * The founder's account, created at their first call, and locked until `em`'s transaction
   * ends: the serialisation point of every authorization of one founder.
   */
  async lock(founder: FounderId, now: Date, em: EntityManager): Promise<LockedAccount> {
    // One round trip for a founder seen before (every call but their first).
    const [account] = await queryPrepared<LockedAccount>(em, 'billing_lock_account', LOCK_ACCOUNT, [founder]);
    if (account) return account;
    await queryPrepared(em, 'billing_open_account', OPEN_ACCOUNT, [founder, now]);
    const [opened] = await queryPrepared<LockedAccount>(em, 'billing_lock_account', LOCK_ACCOUNT, [founder]);
    return opened;
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
