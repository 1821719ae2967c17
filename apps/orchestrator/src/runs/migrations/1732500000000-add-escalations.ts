import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEscalations1732500000000 implements MigrationInterface {
  name = 'AddEscalations1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orchestrator.escalations (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES orchestrator.runs(id) ON DELETE CASCADE,
        turn int NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        attempts jsonb NOT NULL,
        options jsonb NOT NULL,
        action text,
        guidance text,
        created_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    // One open question per run: a redelivered step that escalates again finds the first one.
    await q.query('CREATE UNIQUE INDEX escalations_one_open_per_run ON orchestrator.escalations (run_id) WHERE resolved_at IS NULL');
    await q.query('ALTER TABLE orchestrator.runs ADD COLUMN tool_call_allowance int NOT NULL DEFAULT 0');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orchestrator.runs DROP COLUMN tool_call_allowance');
    await q.query('DROP TABLE orchestrator.escalations');
  }
}
