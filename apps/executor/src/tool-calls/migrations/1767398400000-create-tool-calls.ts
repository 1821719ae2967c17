import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateToolCalls1767398400000 implements MigrationInterface {
  readonly name = 'CreateToolCalls1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE executor.tool_calls (
        run_id uuid NOT NULL,
        tool_use_id text NOT NULL,
        owner_id text NOT NULL,
        tool text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
        instance_id text NOT NULL,
        heartbeat_at timestamptz NOT NULL,
        is_error boolean,
        output text,
        exit_code int,
        duration_ms int,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        PRIMARY KEY (run_id, tool_use_id),
        CHECK ((status = 'running') = (output IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE executor.tool_calls');
  }
}
