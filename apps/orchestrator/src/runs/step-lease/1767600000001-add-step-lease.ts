import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The step lease: which delivery of a run's step is working on it and until when, and when a
 * step last did anything, so two deliveries never work at once and the reaper can tell a run
 * with no step in flight.
 */
export class AddStepLease1767600000001 implements MigrationInterface {
  name = 'AddStepLease1767600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orchestrator.runs
        ADD COLUMN step_lease_until timestamptz,
        ADD COLUMN step_lease_holder text,
        ADD COLUMN step_lease_seq bigint,
        ADD COLUMN last_step_at timestamptz,
        ADD COLUMN reaps int NOT NULL DEFAULT 0`);
    // The reaper looks only at running runs, oldest activity first.
    await q.query(`
      CREATE INDEX runs_running_last_step_idx ON orchestrator.runs (COALESCE(last_step_at, updated_at))
        WHERE status = 'running'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX orchestrator.runs_running_last_step_idx');
    await q.query(`
      ALTER TABLE orchestrator.runs
        DROP COLUMN reaps, DROP COLUMN last_step_at, DROP COLUMN step_lease_seq, DROP COLUMN step_lease_holder, DROP COLUMN step_lease_until`);
  }
}
