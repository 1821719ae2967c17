import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One Stripe subscription of a founder, as its last applied event left it. The tier is not
 * stored: it is read from `tiers.*.stripePriceIds` when asked, so a price moved between tiers
 * in the configuration takes effect without an event.
 */
@Entity({ schema: 'billing', name: 'founder_subscriptions' })
export class FounderSubscriptionEntity {
  @PrimaryColumn('text', { name: 'subscription_id' }) subscriptionId!: string;
  /** metadata.founderId: a Clerk user id, or dev_<userId> in dev mode. */
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('text') status!: string;
  /** False when deleted, unpaid or cancelled: the founder is on the default tier. */
  @Column('boolean') paying!: boolean;
  @Column('text', { name: 'price_id', nullable: true }) priceId!: string | null;
  @Column('timestamptz', { name: 'period_start', nullable: true }) periodStart!: Date | null;
  @Column('timestamptz', { name: 'period_end', nullable: true }) periodEnd!: Date | null;
  @Column('text', { name: 'event_id' }) eventId!: string;
  /** The `created` of the last applied event: an older event changes nothing. */
  @Column('timestamptz', { name: 'event_created_at' }) eventCreatedAt!: Date;
}
