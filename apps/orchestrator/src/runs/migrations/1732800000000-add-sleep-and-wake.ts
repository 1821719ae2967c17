import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sleep and wake: the awake period billing's cap counts from, the sleeping run's sandbox, and which limit a budget question came from. */
export class AddSleepAndWake1732800000000 implements MigrationInterface {
  name = 'AddSleepAndWake1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orchestrator.runs
        ADD COLUMN awake_since timestamptz,
        ADD COLUMN sandbox_id text,
        ADD COLUMN snapshot jsonb`);
    // A run from before this began its awake period when it started.
    await q.query('UPDATE orchestrator.runs SET awake_since = created_at');
    await q.query('ALTER TABLE orchestrator.runs ALTER COLUMN awake_since SET NOT NULL');
    await q.query('ALTER TABLE orchestrator.escalations ADD COLUMN budget_limit text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE orchestrator.escalations DROP COLUMN budget_limit');
    await q.query('ALTER TABLE orchestrator.runs DROP COLUMN snapshot, DROP COLUMN sandbox_id, DROP COLUMN awake_since');
  }
}
