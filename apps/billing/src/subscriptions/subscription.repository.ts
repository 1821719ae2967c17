import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { queryPrepared } from '@cofounder/persistence';
import { FounderSubscriptionEntity } from './founder-subscription.entity';
import { StripeEventEntity } from './stripe-event.entity';

export interface SubscriptionStanding {
  paying: Pick<FounderSubscriptionEntity, 'priceId' | 'periodStart' | 'periodEnd'> | null;
  endedAt: Date | null;
}

type SubscriptionRow = Pick<FounderSubscriptionEntity, 'paying' | 'priceId' | 'periodStart' | 'periodEnd' | 'eventCreatedAt'>;

// A founder has a handful of subscriptions at most: all of them, newest first, and the caller picks.
const STANDING = `SELECT paying, price_id AS "priceId", period_start AS "periodStart", period_end AS "periodEnd",
  event_created_at AS "eventCreatedAt"
  FROM billing.founder_subscriptions WHERE owner_id = $1 ORDER BY event_created_at DESC`;

@Injectable()
export class SubscriptionRepository {
  constructor(@InjectRepository(FounderSubscriptionEntity) private readonly subscriptions: Repository<FounderSubscriptionEntity>) {}

  /** Notes a Stripe event as applied unless it already was; true when it is new. */
  async recordEventOnce(ownerId: string, eventId: string, type: string, em: EntityManager): Promise<boolean> {
    const { raw } = await em.createQueryBuilder()
      .insert()
      .into(StripeEventEntity)
      .values({ eventId, ownerId, type, receivedAt: new Date() })
      .orIgnore()
      .returning('event_id')
      .updateEntity(false)
      .execute();
    return (raw as unknown[]).length > 0; // false: a redelivery, already applied
  }

  /**
   * Sets a subscription's state unless an event created later was applied to it already
   * (equal times: the later delivered wins); true when it was set. One statement, so two
   * deliveries at once for one subscription are ordered by PostgreSQL's row lock.
   */
  async setUnlessNewer(state: FounderSubscriptionEntity, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO billing.founder_subscriptions AS s
         (subscription_id, owner_id, status, paying, price_id, period_start, period_end, event_id, event_created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (subscription_id) DO UPDATE SET
         owner_id = EXCLUDED.owner_id, status = EXCLUDED.status, paying = EXCLUDED.paying,
         price_id = EXCLUDED.price_id, period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end,
         event_id = EXCLUDED.event_id, event_created_at = EXCLUDED.event_created_at
       WHERE s.event_created_at <= EXCLUDED.event_created_at
       RETURNING s.subscription_id`,
      [state.subscriptionId, state.ownerId, state.status, state.paying, state.priceId,
        state.periodStart, state.periodEnd, state.eventId, state.eventCreatedAt],
    );
    return rows.length > 0;
  }

  /**
   * The founder's standing with Stripe, in one read: their paying subscription changed last, if
   * any, and when their last subscription stopped paying (deleted, unpaid, cancelled), if one
   * did: a founder back on the default tier counts their periods from there.
   */
  async standingOf(ownerId: string): Promise<SubscriptionStanding> {
    const rows = await queryPrepared<SubscriptionRow>(this.subscriptions.manager, 'billing_subscription_standing', STANDING, [ownerId]);
    const paying = rows.find((row) => row.paying);
    const ended = rows.find((row) => !row.paying);
    return {
      paying: paying ? { priceId: paying.priceId, periodStart: paying.periodStart, periodEnd: paying.periodEnd } : null,
      endedAt: ended?.eventCreatedAt ?? null,
    };
  }
}
