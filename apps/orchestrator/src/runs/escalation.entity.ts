import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BudgetLimit, EscalationAction, EscalationAttemptV1, EscalationKind } from '@cofounder/contracts';

/** A question to the founder; at most one open (unresolved) per run. */
@Entity({ schema: 'orchestrator', name: 'escalations' })
export class EscalationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'run_id' }) runId!: string;
  @Column('int') turn!: number;
  @Column('text') kind!: EscalationKind;
  @Column('text') reason!: string;
  @Column('jsonb') attempts!: EscalationAttemptV1[];
  @Column('jsonb') options!: EscalationAction[];
  /** A `budget` question: the limit that refused the call. */
  @Column('text', { name: 'budget_limit', nullable: true }) budgetLimit!: BudgetLimit | null;
  @Column('text', { nullable: true }) action!: EscalationAction | null;
  @Column('text', { nullable: true }) guidance!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
}
