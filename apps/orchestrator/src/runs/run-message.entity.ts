import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StoredContent } from './ports';

/**
 * The conversation, one row per message. seq 0 is the goal; turn N's assistant reply is
 * seq 2N-1 and its tool results seq 2N, so a redelivered step's insert collides and is ignored.
 */
@Entity({ schema: 'orchestrator', name: 'run_messages' })
export class RunMessageEntity {
  @PrimaryColumn('uuid', { name: 'run_id' }) runId!: string;
  @PrimaryColumn('int') seq!: number;
  @Column('int') turn!: number;
  @Column('text') role!: 'user' | 'assistant';
  @Column('jsonb') content!: StoredContent;
  @Column('text', { name: 'response_id', nullable: true }) responseId!: string | null;
  @Column('text', { name: 'stop_reason', nullable: true }) stopReason!: string | null;
  @Column('jsonb', { nullable: true }) usage!: Record<string, number> | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
