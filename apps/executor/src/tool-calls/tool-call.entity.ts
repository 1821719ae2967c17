import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * running: an executor (instanceId) runs it and refreshes heartbeatAt every progress interval;
 * finished: it ran to the end and its redacted result is kept; interrupted: its executor died
 * while it ran, and the result says so. Only running ever changes, and only once.
 */
export type ToolCallStatus = 'running' | 'finished' | 'interrupted';

/** One tools.exec call, keyed by the model's toolUseId: what makes asking again safe. */
@Entity({ schema: 'executor', name: 'tool_calls' })
export class ToolCallEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' }) runId!: string;
  @PrimaryColumn({ name: 'tool_use_id', type: 'text' }) toolUseId!: string;
  @Column({ name: 'owner_id', type: 'text' }) ownerId!: string;
  @Column({ type: 'text' }) tool!: string;
  @Column({ type: 'text' }) status!: ToolCallStatus;
  @Column({ name: 'instance_id', type: 'text' }) instanceId!: string;
  @Column({ name: 'heartbeat_at', type: 'timestamptz' }) heartbeatAt!: Date;
  @Column({ name: 'is_error', type: 'boolean', nullable: true }) isError!: boolean | null;
  @Column({ type: 'text', nullable: true }) output!: string | null;
  @Column({ name: 'exit_code', type: 'int', nullable: true }) exitCode!: number | null;
  @Column({ name: 'duration_ms', type: 'int', nullable: true }) durationMs!: number | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}
