import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SequencedChange } from './run-change';

const STATUS_TAKEN = `status_seq < $2 AND status NOT IN ('completed', 'failed', 'cancelled')`;

/**
 * Applies the runs' events to their views, each in one statement that is idempotent and
 * indifferent to order: a status, a model and an escalation are each taken only from an event
 * newer (by stream sequence) than the one that set them; a tool call is counted once by its id;
 * the cost and the token totals only grow, as the ledger they come from does.
 */
@Injectable()
export class RunProjectionRepository {
  constructor(private readonly db: DataSource) {}

  /** A run the gateway has no registration of (never queued here) gets no view: nothing is kept of it. */
  async apply({ runId, seq, at, change }: SequencedChange): Promise<void> {
    // The owner comes from the founder's own registration, never from the event.
    await this.db.query(`
      INSERT INTO gateway.run_projections (run_id, owner_id, updated_at)
      SELECT id, owner_id, $2 FROM gateway.runs WHERE id = $1
      ON CONFLICT (run_id) DO NOTHING`, [runId, at]);
    switch (change.kind) {
      // An ended run stays ended, as in the orchestrator: no later status, whatever sent it, reopens it.
      case 'status':
        await this.db.query(`
          UPDATE gateway.run_projections SET
            status = CASE WHEN ${STATUS_TAKEN} THEN $3 ELSE status END,
            reason = CASE WHEN ${STATUS_TAKEN} THEN $4 ELSE reason END,
            sleeping_until = CASE WHEN ${STATUS_TAKEN} THEN $5::timestamptz ELSE sleeping_until END,
            status_seq = CASE WHEN ${STATUS_TAKEN} THEN $2 ELSE status_seq END,
            model = CASE WHEN $6::text IS NOT NULL AND model_seq < $2 THEN $6::text ELSE model END,
            model_seq = CASE WHEN $6::text IS NOT NULL THEN GREATEST(model_seq, $2) ELSE model_seq END,
            updated_at = GREATEST(updated_at, $7)
          WHERE run_id = $1`, [runId, seq, change.status, change.reason, change.sleepingUntil, change.model, at]);
        return;
      case 'escalation':
        await this.db.query(`
          UPDATE gateway.run_projections SET
            escalation = CASE WHEN escalation_seq < $2 THEN $3::jsonb ELSE escalation END,
            escalation_seq = GREATEST(escalation_seq, $2),
            updated_at = GREATEST(updated_at, $4)
          WHERE run_id = $1`, [runId, seq, JSON.stringify(change.escalation), at]);
        return;
      case 'tool_call':
        await this.db.query(`
          WITH counted AS (
            INSERT INTO gateway.run_tool_calls (run_id, tool_use_id)
            SELECT run_id, $2 FROM gateway.run_projections WHERE run_id = $1
            ON CONFLICT DO NOTHING
            RETURNING 1
          )
          UPDATE gateway.run_projections SET
            tool_calls = tool_calls + (SELECT count(*) FROM counted)::int,
            updated_at = GREATEST(updated_at, $3)
          WHERE run_id = $1`, [runId, change.toolUseId, at]);
        return;
      case 'cost': {
        const tokens = change.tokens;
        await this.db.query(`
          UPDATE gateway.run_projections SET
            cost_microdollars = GREATEST(cost_microdollars, $2),
            input_tokens = GREATEST(input_tokens, COALESCE($4, 0)),
            cache_creation_input_tokens = GREATEST(cache_creation_input_tokens, COALESCE($5, 0)),
            cache_read_input_tokens = GREATEST(cache_read_input_tokens, COALESCE($6, 0)),
            updated_at = GREATEST(updated_at, $3)
          WHERE run_id = $1`,
        [runId, change.costMicrodollars, at, tokens?.runInputTokens, tokens?.runCacheCreationInputTokens, tokens?.runCacheReadInputTokens]);
        return;
      }
    }
  }
}
