import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A Stripe event already applied: Stripe delivers at least once, so each id is applied once. */
@Entity({ schema: 'billing', name: 'stripe_events' })
export class StripeEventEntity {
  @PrimaryColumn('text', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('text') type!: string;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}
