import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per run the scheduler has heard of. `wake_at` is set while the run sleeps and
 * cleared (kept as a tombstone) when it does anything else; `event_seq` is the EVENTS stream
 * sequence of the run.status event the row reflects, so an older event arriving late changes nothing.
 */
@Entity({ schema: 'scheduler', name: 'wake_timers' })
export class WakeTimerEntity {
  @PrimaryColumn('uuid', { name: 'run_id' }) runId!: string;
  @Column('timestamptz', { name: 'wake_at', nullable: true }) wakeAt!: Date | null;
  /** When the wake was published; null while it is still to fire. */
  @Column('timestamptz', { name: 'fired_at', nullable: true }) firedAt!: Date | null;
  @Column('bigint', { name: 'event_seq', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  eventSeq!: number;
}
