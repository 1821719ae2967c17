import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Who holds a run's step lease: a token of one delivery, and the stream sequence of its message. */
export interface LeaseHolder {
  token: string;
  messageSeq: number;
}

export type Claim = 'claimed' | 'held' | 'no_run';

/**
 * The step lease, on the run's own row. A free or lapsed lease is taken; so is one held by an
 * earlier delivery of the same message, because JetStream redelivers a message only when its
 * holder stopped answering (killed) or gave it back, and waiting out that lease would make
 * every recovery after a kill last `time.leaseMs`.
 */
@Injectable()
export class StepLeaseRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async claim(runId: string, holder: LeaseHolder, now: Date, leaseMs: number): Promise<Claim> {
    const rows: unknown[] = await this.db.query(`
      UPDATE orchestrator.runs
         SET step_lease_holder = $2, step_lease_seq = $3, step_lease_until = $4, last_step_at = $5
       WHERE id = $1 AND (step_lease_until IS NULL OR step_lease_until <= $5 OR step_lease_seq = $3)
      RETURNING id`, [runId, holder.token, holder.messageSeq, new Date(now.getTime() + leaseMs), now]);
    if (firstRows(rows).length) return 'claimed';
    const exists: unknown[] = await this.db.query('SELECT 1 FROM orchestrator.runs WHERE id = $1', [runId]);
    return exists.length ? 'held' : 'no_run';
  }

  /** False when the lease was lost (it lapsed and another delivery took it). */
  async renew(runId: string, token: string, now: Date, leaseMs: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`
      UPDATE orchestrator.runs SET step_lease_until = $3, last_step_at = $4
       WHERE id = $1 AND step_lease_holder = $2
      RETURNING id`, [runId, token, new Date(now.getTime() + leaseMs), now]);
    return firstRows(rows).length > 0;
  }

  async release(runId: string, token: string, now: Date): Promise<void> {
    await this.db.query(`
      UPDATE orchestrator.runs SET step_lease_holder = NULL, step_lease_seq = NULL, step_lease_until = NULL, last_step_at = $3
       WHERE id = $1 AND step_lease_holder = $2`, [runId, token, now]);
  }
}

/** pg answers an UPDATE … RETURNING through TypeORM as [rows, count]. */
export function firstRows(result: unknown[]): unknown[] {
  return Array.isArray(result[0]) ? (result[0] as unknown[]) : result;
}
