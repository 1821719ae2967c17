import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RunStatus } from '@cofounder/contracts';

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
  @Column('timestamptz', { name: 'sleeping_until', nullable: true }) sleepingUntil!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
