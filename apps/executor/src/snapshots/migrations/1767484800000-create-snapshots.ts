import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSnapshots1767484800000 implements MigrationInterface {
  readonly name = 'CreateSnapshots1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE executor.snapshot_runs (
        run_id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        last_seq int NOT NULL DEFAULT 0,
        ended_at timestamptz
      )`);
    await q.query('CREATE INDEX ix_snapshot_runs_ended ON executor.snapshot_runs (ended_at) WHERE ended_at IS NOT NULL');
    await q.query(`
      CREATE TABLE executor.snapshots (
        run_id uuid NOT NULL REFERENCES executor.snapshot_runs (run_id),
        seq int NOT NULL CHECK (seq > 0),
        owner_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('writing', 'complete')),
        reason text NOT NULL,
        object_name text NOT NULL,
        manifest_object_name text NOT NULL,
        bytes bigint,
        files int,
        started_at timestamptz NOT NULL,
        taken_at timestamptz,
        PRIMARY KEY (run_id, seq),
        CHECK (status = 'writing' OR (bytes IS NOT NULL AND files IS NOT NULL AND taken_at IS NOT NULL))
      )`);
    await q.query('CREATE INDEX ix_snapshots_owner ON executor.snapshots (owner_id, run_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE executor.snapshots');
    await q.query('DROP TABLE executor.snapshot_runs');
  }
}
