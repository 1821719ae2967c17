import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRuns1732400000000 implements MigrationInterface {
  name = 'CreateRuns1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orchestrator.runs (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL,
        owner_id text NOT NULL,
        goal text NOT NULL,
        "verbose" boolean NOT NULL DEFAULT false,
        status text NOT NULL,
        reason text,
        summary text,
        model text NOT NULL,
        tier text NOT NULL,
        turn int NOT NULL DEFAULT 0,
        tool_calls int NOT NULL DEFAULT 0,
        sleeping_until timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX runs_owner_idx ON orchestrator.runs (owner_id)');
    await q.query(`
      CREATE TABLE orchestrator.run_messages (
        run_id uuid NOT NULL REFERENCES orchestrator.runs(id) ON DELETE CASCADE,
        seq int NOT NULL,
        turn int NOT NULL,
        role text NOT NULL,
        content jsonb NOT NULL,
        response_id text,
        stop_reason text,
        usage jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`);
    await q.query(`
      CREATE TABLE orchestrator.tool_executions (
        run_id uuid NOT NULL REFERENCES orchestrator.runs(id) ON DELETE CASCADE,
        tool_use_id text NOT NULL,
        turn int NOT NULL,
        tool text NOT NULL,
        status text NOT NULL,
        output text,
        is_error boolean,
        exit_code int,
        duration_ms int,
        started_at timestamptz NOT NULL,
        completed_at timestamptz,
        PRIMARY KEY (run_id, tool_use_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE orchestrator.tool_executions');
    await q.query('DROP TABLE orchestrator.run_messages');
    await q.query('DROP TABLE orchestrator.runs');
  }
}
