import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjectsAndRuns1732400000000 implements MigrationInterface {
  name = 'CreateProjectsAndRuns1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.projects (
        id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX projects_owner_created_idx ON gateway.projects (owner_id, created_at DESC)');
    await q.query(`
      CREATE TABLE gateway.runs (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES gateway.projects(id) ON DELETE CASCADE,
        owner_id text NOT NULL,
        goal text NOT NULL,
        "verbose" boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX runs_owner_idx ON gateway.runs (owner_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gateway.runs');
    await q.query('DROP TABLE gateway.projects');
  }
}
