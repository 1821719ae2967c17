import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLoopGuards1732600000000 implements MigrationInterface {
  name = 'AddLoopGuards1732600000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per distinct error of a run, so "three tries" holds across restarts and sleep.
    await q.query(`
      CREATE TABLE orchestrator.error_retries (
        run_id uuid NOT NULL REFERENCES orchestrator.runs(id) ON DELETE CASCADE,
        signature text NOT NULL,
        record jsonb NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, signature)
      )`);
    await q.query(`
      ALTER TABLE orchestrator.runs
        ADD COLUMN guards_from_turn int NOT NULL DEFAULT 0,
        ADD COLUMN nudged_turn int,
        ADD COLUMN resumed_turn int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orchestrator.runs DROP COLUMN resumed_turn, DROP COLUMN nudged_turn, DROP COLUMN guards_from_turn');
    await q.query('DROP TABLE orchestrator.error_retries');
  }
}
