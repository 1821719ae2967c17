import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SnapshotReason } from '@cofounder/contracts';

/** writing: the objects are being stored and are not to be read; complete: restorable. */
export type SnapshotStatus = 'writing' | 'complete';

/**
 * One snapshot of a run's workspace. The archive is the object `<runId>/<seq>`; its manifest
 * is the object `<runId>/<seq>.manifest.json`, not a jsonb column: a manifest grows with the
 * file count (a few MB for tens of thousands of files), is read only to check a restore, and
 * belongs with its archive when the store moves to S3.
 */
@Entity({ schema: 'executor', name: 'snapshots' })
export class SnapshotEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' }) runId!: string;
  @PrimaryColumn({ type: 'int' }) seq!: number;
  @Column({ name: 'owner_id', type: 'text' }) ownerId!: string;
  @Column({ type: 'text' }) status!: SnapshotStatus;
  @Column({ type: 'text' }) reason!: SnapshotReason;
  @Column({ name: 'object_name', type: 'text' }) objectName!: string;
  @Column({ name: 'manifest_object_name', type: 'text' }) manifestObjectName!: string;
  /** The stored archive's size (gzip'd). */
  @Column('bigint', { nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  bytes!: number | null;
  @Column({ type: 'int', nullable: true }) files!: number | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'taken_at', type: 'timestamptz', nullable: true }) takenAt!: Date | null;
}
