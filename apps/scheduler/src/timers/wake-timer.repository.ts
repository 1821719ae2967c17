import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface DueTimer {
  runId: string;
  wakeAt: Date;
}

/** The only place that knows the wake_timers SQL. */
@Injectable()
export class WakeTimerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The run sleeps until `wakeAt`, as of the event at `eventSeq`. A timer already fired for
   * the same `wakeAt` stays fired, so a sleep announced twice still wakes once.
   * False when a newer event of the run was already applied.
   */
  async setTimer(runId: string, wakeAt: Date, eventSeq: number): Promise<boolean> {
    return this.apply(runId, wakeAt, eventSeq);
  }

  /** The run is no longer asleep, as of the event at `eventSeq`; false when a newer event was already applied. */
  async clearTimer(runId: string, eventSeq: number): Promise<boolean> {
    return this.apply(runId, null, eventSeq);
  }

  /**
   * Locks up to `limit` timers due at `now` that no other transaction holds: two instances
   * (a leader and one that still thinks it leads) never claim the same timer at once.
   */
  async claimDue(now: Date, limit: number, em: EntityManager): Promise<DueTimer[]> {
    const rows = await em.query<{ run_id: string; wake_at: Date }[]>(
      `SELECT run_id, wake_at FROM scheduler.wake_timers
        WHERE wake_at IS NOT NULL AND fired_at IS NULL AND wake_at <= $1
        ORDER BY wake_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({ runId: row.run_id, wakeAt: row.wake_at }));
  }

  async markFired(runIds: string[], firedAt: Date, em: EntityManager): Promise<void> {
    if (!runIds.length) return;
    await em.query('UPDATE scheduler.wake_timers SET fired_at = $2 WHERE run_id = ANY($1::uuid[])', [runIds, firedAt]);
  }

  async countPending(): Promise<number> {
    const [row] = await this.db.query<{ pending: string }[]>(
      'SELECT count(*)::text AS pending FROM scheduler.wake_timers WHERE wake_at IS NOT NULL AND fired_at IS NULL',
    );
    return Number(row.pending);
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private async apply(runId: string, wakeAt: Date | null, eventSeq: number): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO scheduler.wake_timers AS t (run_id, wake_at, fired_at, event_seq)
       VALUES ($1, $2, NULL, $3)
       ON CONFLICT (run_id) DO UPDATE SET
         wake_at = excluded.wake_at,
         fired_at = CASE WHEN t.wake_at = excluded.wake_at THEN t.fired_at END,
         event_seq = excluded.event_seq
       WHERE t.event_seq < excluded.event_seq
       RETURNING run_id`,
      [runId, wakeAt, eventSeq],
    );
    return rows.length > 0;
  }
}
