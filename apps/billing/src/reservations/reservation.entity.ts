import { Column, Entity, PrimaryColumn } from 'typeorm';
import { safeMicrodollars } from '../microdollars';

/**
 * The worst case of one model call, held from its authorization until its usage settles it
 * (the row is deleted with the ledger row's insert) or until it expires unsettled.
 */
@Entity({ schema: 'billing', name: 'reservations' })
export class ReservationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('uuid', { name: 'run_id' }) runId!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') model!: string;
  @Column('bigint', { name: 'amount_microdollars', transformer: { to: (v: number) => v, from: (v: string) => safeMicrodollars(v) } })
  amountMicrodollars!: number;
  /** The run's awake period this call belongs to: its settlement is checked against the usual cost. */
  @Column('timestamptz', { name: 'awake_since' }) awakeSince!: Date;
  /** The call counts in the pacing day of this instant, even when its usage arrives the next. */
  @Column('timestamptz', { name: 'authorized_at' }) authorizedAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
}
