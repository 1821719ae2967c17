import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RunStatus, SnapshotRefV1 } from '@cofounder/contracts';
import type { LearnedContextWindow } from './agent-loop/context/context-window';

@Entity({ schema: 'orchestrator', name: 'runs' })
export class RunEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('text') goal!: string;
  @Column('boolean') verbose!: boolean;
  @Column('text') status!: RunStatus;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { nullable: true }) summary!: string | null;
  @Column('text') model!: string;
  @Column('text') tier!: string;
  /** Model calls whose reply is persisted: the checkpoint a redelivered step resumes from. */
  @Column('int') turn!: number;
  @Column('int', { name: 'tool_calls' }) toolCalls!: number;
  /** Tool calls the founder granted past the tier's cap. */
  @Column('int', { name: 'tool_call_allowance' }) toolCallAllowance!: number;
  /** The loop guards judge only what happened after this turn: the founder's last answer. */
  @Column('int', { name: 'guards_from_turn' }) guardsFromTurn!: number;
  /**
   * The turn after which the model was told it is going round in circles; the next time, the
   * founder is asked. A turn, not a flag: that turn's step, redelivered, must nudge, not ask.
   */
  @Column('int', { name: 'nudged_turn', nullable: true }) nudgedTurn!: number | null;
  /**
   * The turn the founder's last answer resumed the run at. A step for it or before it that is
   * not the answer's own is a leftover of the question (redelivered after a crash) and is ignored.
   */
  @Column('int', { name: 'resumed_turn', nullable: true }) resumedTurn!: number | null;
  /** Messages before this seq are replaced by contextNote, the progress note a compaction wrote. */
  @Column('int', { name: 'context_from_seq' }) contextFromSeq!: number;
  @Column('text', { name: 'context_note', nullable: true }) contextNote!: string | null;
  /** Leading messages (after compaction) whose tool results are sent cleared: moved in batches to keep the cached prefix. */
  @Column('int', { name: 'cleared_through' }) clearedThrough!: number;
  /** Reported input tokens over our estimate, learnt from the model's usage. */
  @Column('double precision', { name: 'token_ratio' }) tokenRatio!: number;
  /** The window a model stated (a refusal's "M maximum"), kept with that model's name: a tier upgrade changes model. */
  @Column('jsonb', { name: 'learned_context_window', nullable: true }) learnedContextWindow!: LearnedContextWindow | null;
  /** Set at start, at each wake and each resume: billing's awake-period cap counts from here. */
  @Column('timestamptz', { name: 'awake_since' }) awakeSince!: Date;
  /** While sleeping: when the scheduler wakes it. */
  @Column('timestamptz', { name: 'sleeping_until', nullable: true }) sleepingUntil!: Date | null;
  /** The sandbox the run's last sleep paused, and the snapshot that pause took: where its workspace waits. */
  @Column('text', { name: 'sandbox_id', nullable: true }) sandboxId!: string | null;
  @Column('jsonb', { nullable: true }) snapshot!: SnapshotRefV1 | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
