import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per founder billing has seen: locked by every authorization of theirs, so that
 * concurrent calls of one founder are decided one after the other, never on the same figures.
 */
@Entity({ schema: 'billing', name: 'founder_accounts' })
export class FounderAccountEntity {
  @PrimaryColumn('text', { name: 'owner_id' }) ownerId!: string;
  /** The founder's first authorized call: without a subscription, their periods count from here. */
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt!: Date;
  /** The start of the last period whose 50% alert was sent. */
  @Column('timestamptz', { name: 'alerted_period_start', nullable: true }) alertedPeriodStart!: Date | null;
  /** The start of the last period in which the founder said `continue` at 80%. */
  @Column('timestamptz', { name: 'confirmed_period_start', nullable: true }) confirmedPeriodStart!: Date | null;
}
