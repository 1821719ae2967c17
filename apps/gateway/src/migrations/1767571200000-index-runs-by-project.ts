import { MigrationInterface, QueryRunner } from 'typeorm';

/** A project's runs, newest first, for GET /v1/projects/:projectId/runs. */
export class IndexRunsByProject1767571200000 implements MigrationInterface {
  readonly name = 'IndexRunsByProject1767571200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX runs_project_created_idx ON gateway.runs (project_id, created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX gateway.runs_project_created_idx');
  }
}
