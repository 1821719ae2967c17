import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PublishedEventLog, PublishIntent } from '@cofounder/messaging';

/**
 * One statement, one round trip: the intent is inserted unless the key has one, and the row as
 * it was before is read back (a CTE's insert is not visible to its own statement's reads).
 */
const INTEND = `
  WITH intent AS (
    INSERT INTO orchestrator.published_events (run_id, key, final, after_seq)
    SELECT $1, $2, $3, COALESCE(max(seq), 0) FROM orchestrator.published_events WHERE run_id = $1
    ON CONFLICT (run_id, key) DO NOTHING
    RETURNING seq
  )
  SELECT 'first' AS kind, NULL::bigint AS after_seq FROM intent
  UNION ALL
  SELECT CASE WHEN seq IS NULL THEN 'unsure' ELSE 'published' END, after_seq
    FROM orchestrator.published_events WHERE run_id = $1 AND key = $2`;

/** The orchestrator's record of the run events it published (orchestrator.published_events). */
@Injectable()
export class PublishedEventRepository extends PublishedEventLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async intend(runId: string, key: string, final: boolean): Promise<PublishIntent> {
    const [row] = await this.db.query<{ kind: PublishIntent['kind']; after_seq: string | null }[]>(INTEND, [runId, key, final]);
    // Another delivery intended the same key at the same moment: its row, committed after this statement began, is read again.
    if (!row) return this.intend(runId, key, final);
    return row.kind === 'unsure' ? { kind: 'unsure', afterSeq: Number(row.after_seq) } : { kind: row.kind };
  }

  async markPublished(runId: string, key: string, seq: number): Promise<void> {
    await this.db.query('UPDATE orchestrator.published_events SET seq = $3 WHERE run_id = $1 AND key = $2', [runId, key, seq]);
  }

  async forgetActivity(runId: string): Promise<void> {
    await this.db.query('DELETE FROM orchestrator.published_events WHERE run_id = $1 AND NOT final', [runId]);
  }
}
