import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { firstRows } from '../step-lease/step-lease.repository';

/** A stale run as its reap takes it: the checkpoint, and whether that turn's tool calls still want their results. */
export interface StaleRun {
  turn: number;
  reaps: number;
  toolsPending: boolean;
}

/** At most this many runs are reaped per call: the scheduler calls again on its next tick. */
const BATCH = 100;

/**
 * Runs `running` with no step lease held and no step activity since `staleBefore`: their last
 * step was lost (its delivery given up, a publish that never reached the stream).
 */
@Injectable()
export class StaleRunsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async candidates(now: Date, staleBefore: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(`
      SELECT id FROM orchestrator.runs
       WHERE status = 'running' AND (step_lease_until IS NULL OR step_lease_until <= $1)
         AND COALESCE(last_step_at, updated_at) <= $2
       ORDER BY COALESCE(last_step_at, updated_at)
       LIMIT ${BATCH}`, [now, staleBefore]);
    return rows.map((r) => r.id);
  }

  /**
   * Takes the run for one reap, if it is still stale: marking its activity now makes it stale
   * again only a whole period later, so each stale period gives exactly one new step, whichever
   * process reaps. Null when another reaper or a step got there first.
   */
  async take(runId: string, now: Date, staleBefore: Date): Promise<StaleRun | null> {
    // Turn N's reply is seq 2N-1 and its tool results seq 2N (see RunMessageEntity).
    const rows = firstRows(await this.db.query(`
      UPDATE orchestrator.runs r SET last_step_at = $2, reaps = reaps + 1
       WHERE id = $1 AND status = 'running' AND (step_lease_until IS NULL OR step_lease_until <= $2)
         AND COALESCE(last_step_at, updated_at) <= $3
      RETURNING turn, reaps, EXISTS (
        SELECT 1 FROM orchestrator.run_messages reply
         WHERE reply.run_id = r.id AND reply.seq = 2 * r.turn - 1 AND reply.content @> '[{"type": "tool_use"}]'::jsonb
           AND NOT EXISTS (SELECT 1 FROM orchestrator.run_messages results WHERE results.run_id = r.id AND results.seq = 2 * r.turn)
      ) AS "toolsPending"`, [runId, now, staleBefore])) as StaleRun[];
    return rows[0] ?? null;
  }
}
