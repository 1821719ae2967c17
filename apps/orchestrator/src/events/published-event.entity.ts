import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One run event the orchestrator set out to publish: `seq` null while its publish is unsure
 * (intended, no acknowledgement recorded), the EVENTS stream sequence once acknowledged.
 */
@Entity({ schema: 'orchestrator', name: 'published_events' })
@Index('published_events_run_seq_idx', ['runId', 'seq'])
export class PublishedEventEntity {
  @PrimaryColumn('uuid', { name: 'run_id' }) runId!: string;
  @PrimaryColumn('text') key!: string;
  /** Ends the run: kept when the run's other entries are forgotten at its end. */
  @Column('boolean') final!: boolean;
  /** The run's last acknowledged sequence when this was intended: the event, if stored, comes after it. */
  @Column('bigint', { name: 'after_seq' }) afterSeq!: string;
  @Column('bigint', { nullable: true }) seq!: string | null;
}
