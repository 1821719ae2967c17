import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { safeMicrodollars } from '../microdollars';

/** One model call, billed once: usage_id is the model response id, the USAGE message id. */
@Entity({ schema: 'billing', name: 'ledger_entries' })
@Unique('uq_ledger_usage', ['usageId'])
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'usage_id' }) usageId!: string;
  @Column('uuid', { name: 'run_id' }) runId!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') model!: string;
  @Column('int', { name: 'input_tokens' }) inputTokens!: number;
  @Column('int', { name: 'output_tokens' }) outputTokens!: number;
  @Column('int', { name: 'cache_creation_input_tokens' }) cacheCreationInputTokens!: number;
  @Column('int', { name: 'cache_read_input_tokens' }) cacheReadInputTokens!: number;
  @Column('bigint', { name: 'cost_microdollars', transformer: { to: (v: number) => v, from: (v: string) => safeMicrodollars(v) } })
  costMicrodollars!: number;
  /** When the model call was made (the usage's `at`). */
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  /**
   * When the call was authorized (its reservation's, else the usage's `at`): a call counts in
   * the pacing day it was authorized in, even when its usage arrives the next.
   */
  @Column('timestamptz', { name: 'authorized_at' }) authorizedAt!: Date;
  /** The reservation the call settled; null for usage from before reservations or after its expiry. */
  @Column('uuid', { name: 'reservation_id', nullable: true }) reservationId!: string | null;
}
