import { DataSource, QueryRunner } from 'typeorm';
import { PublishedEventLog, PublishIntent } from './published-event-log';

/**
 * A service's record of the run events it published, as `<schema>.published_events` in the
 * service's own schema (each service that publishes once keeps its own, made by its own migration).
 */
export class PublishedEventsRepository extends PublishedEventLog {
  private readonly table: string;

  constructor(private readonly db: DataSource, schema: string) {
    super();
    this.table = `${schema}.published_events`;
  }

  /**
   * One statement, one round trip: the intent is inserted unless the key has one, and the row as
   * it was before is read back (a CTE's insert is not visible to its own statement's reads).
   */
  async intend(runId: string, key: string, final: boolean): Promise<PublishIntent> {
    const [row] = await this.db.query<{ kind: PublishIntent['kind']; after_seq: string | null }[]>(`
      WITH intent AS (
        INSERT INTO ${this.table} (run_id, key, final, after_seq)
        SELECT $1, $2, $3, COALESCE(max(seq), 0) FROM ${this.table} WHERE run_id = $1
        ON CONFLICT (run_id, key) DO NOTHING
        RETURNING seq
      )
      SELECT 'first' AS kind, NULL::bigint AS after_seq FROM intent
      UNION ALL
      SELECT CASE WHEN seq IS NULL THEN 'unsure' ELSE 'published' END, after_seq FROM ${this.table} WHERE run_id = $1 AND key = $2`,
    [runId, key, final]);
    // Another delivery intended the same key at the same moment: its row, committed after this statement began, is read again.
    if (!row) return this.intend(runId, key, final);
    return row.kind === 'unsure' ? { kind: 'unsure', afterSeq: Number(row.after_seq) } : { kind: row.kind };
  }

  /**
   * Committed without waiting for the WAL to reach the disk (half an event's cost): a mark lost
   * to a crash of PostgreSQL leaves the intent unsure, and the stream settles it. The intent
   * itself is durable before the publish, or a lost one would let the event out twice.
   */
  async markPublished(runId: string, key: string, seq: number): Promise<void> {
    await this.db.query(`
      WITH lazy AS (SELECT set_config('synchronous_commit', 'off', true))
      UPDATE ${this.table} SET seq = $3 FROM lazy WHERE run_id = $1 AND key = $2`, [runId, key, seq]);
  }

  async forgetActivity(runId: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.table} WHERE run_id = $1 AND NOT final`, [runId]);
  }
}

/**
 * The record's table, for a service's migration: `seq` is null while a publish is unsure (intended,
 * no acknowledgement recorded); `after_seq` is the run's last acknowledged sequence when it was
 * intended, so the stream is asked only about what came after; `final` rows outlive the run.
 */
export async function createPublishedEventsTable(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE ${schema}.published_events (
      run_id uuid NOT NULL,
      key text NOT NULL,
      final boolean NOT NULL,
      after_seq bigint NOT NULL,
      seq bigint,
      PRIMARY KEY (run_id, key)
    )`);
  // A new intent reads the run's last acknowledged sequence: the top of this index.
  await q.query(`CREATE INDEX published_events_run_seq_idx ON ${schema}.published_events (run_id, seq)`);
}
