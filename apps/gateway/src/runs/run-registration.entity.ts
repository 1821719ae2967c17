import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The gateway's record that a founder asked for a run: who owns it, in which project.
 * It answers ownership checks at once; the run's progress is the orchestrator's.
 */
@Entity({ schema: 'gateway', name: 'runs' })
export class RunRegistrationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text', { name: 'owner_id' }) ownerId!: string;
  @Column('text') goal!: string;
  @Column('boolean') verbose!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
