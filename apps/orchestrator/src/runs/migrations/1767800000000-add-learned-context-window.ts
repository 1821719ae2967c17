import { MigrationInterface, QueryRunner } from 'typeorm';

/** The window a model stated for a run, `{model, tokens}`: kept across restarts so the run is refused at most once. */
export class AddLearnedContextWindow1767800000000 implements MigrationInterface {
  name = 'AddLearnedContextWindow1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orchestrator.runs ADD COLUMN learned_context_window jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orchestrator.runs DROP COLUMN learned_context_window');
  }
}
