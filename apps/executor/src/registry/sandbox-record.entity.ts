import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SandboxProviderName } from '../sandbox/sandbox-provider';

/**
 * creating: registered, the provider has not made it yet; active: providerSandboxId is set;
 * paused: its processes stopped after a snapshot, resumed on the next call; killed: gone for good.
 */
export type SandboxStatus = 'creating' | 'active' | 'paused' | 'killed';

/** Which sandbox a run has, and whose run it is: every call checks the owner. */
@Entity({ schema: 'executor', name: 'sandboxes' })
export class SandboxRecordEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' }) runId!: string;
  @Column({ name: 'owner_id', type: 'text' }) ownerId!: string;
  @Column({ type: 'text' }) provider!: SandboxProviderName;
  @Column({ name: 'provider_sandbox_id', type: 'text', nullable: true }) providerSandboxId!: string | null;
  @Column({ type: 'text' }) status!: SandboxStatus;
  /** The awake period's id, also in the workspace's `.cofounder/session`: a mismatch means the workspace is not the run's. */
  @Column({ name: 'session_id', type: 'uuid', nullable: true }) sessionId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
