import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per run: the last sequence number given out (so a sequence is never reused, even after
 * every snapshot of the run was pruned) and when the run ended (retention counts from there).
 */
@Entity({ schema: 'executor', name: 'snapshot_runs' })
export class SnapshotRunEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' }) runId!: string;
  @Column({ name: 'owner_id', type: 'text' }) ownerId!: string;
  @Column({ name: 'last_seq', type: 'int' }) lastSeq!: number;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}
