import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ErrorRetryRecord } from './agent-loop/guards/retry-budget';

/** The tries spent on one distinct error of a run. */
@Entity({ schema: 'orchestrator', name: 'error_retries' })
export class ErrorRetryEntity {
  @PrimaryColumn('uuid', { name: 'run_id' }) runId!: string;
  @PrimaryColumn('text') signature!: string;
  @Column('jsonb') record!: ErrorRetryRecord;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
