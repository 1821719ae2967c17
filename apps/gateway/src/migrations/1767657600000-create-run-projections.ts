import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's own view of each run, kept from the run's events so that the founder's reads
 * answer without the orchestrator or billing. Each part of the view remembers the stream
 * sequence of the event that set it: a redelivered or older event never overwrites a newer one,
 * whatever order the events are applied in. Tool calls are counted once each by their id.
 */
export class CreateRunProjections1767657600000 implements MigrationInterface {
  readonly name = 'CreateRunProjections1767657600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.run_projections (
        run_id uuid PRIMARY KEY REFERENCES gateway.runs(id) ON DELETE CASCADE,
        owner_id text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        reason text,
        sleeping_until timestamptz,
        status_seq bigint NOT NULL DEFAULT 0,
        model text,
        model_seq bigint NOT NULL DEFAULT 0,
        escalation jsonb,
        escalation_seq bigint NOT NULL DEFAULT 0,
        tool_calls integer NOT NULL DEFAULT 0,
        cost_microdollars bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE gateway.run_tool_calls (
        run_id uuid NOT NULL REFERENCES gateway.run_projections(run_id) ON DELETE CASCADE,
        tool_use_id text NOT NULL,
        PRIMARY KEY (run_id, tool_use_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gateway.run_tool_calls');
    await q.query('DROP TABLE gateway.run_projections');
  }
}
