import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One tool call's life: `started` is written before the executor is asked, so a step
 * redelivered after a crash knows which call was cut off and asks the executor again by its
 * toolUseId (the executor runs each call once and knows what became of it).
 */
@Entity({ schema: 'orchestrator', name: 'tool_executions' })
export class ToolExecutionEntity {
  @PrimaryColumn('uuid', { name: 'run_id' }) runId!: string;
  @PrimaryColumn('text', { name: 'tool_use_id' }) toolUseId!: string;
  @Column('int') turn!: number;
  @Column('text') tool!: string;
  @Column('text') status!: 'started' | 'completed';
  @Column('text', { nullable: true }) output!: string | null;
  @Column('boolean', { name: 'is_error', nullable: true }) isError!: boolean | null;
  @Column('int', { name: 'exit_code', nullable: true }) exitCode!: number | null;
  @Column('int', { name: 'duration_ms', nullable: true }) durationMs!: number | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
}
