import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSandboxes1767225600000 implements MigrationInterface {
  readonly name = 'CreateSandboxes1767225600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE executor.sandboxes (
        run_id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        provider text NOT NULL CHECK (provider IN ('local', 'e2b')),
        provider_sandbox_id text,
        status text NOT NULL CHECK (status IN ('creating', 'active')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX ix_sandboxes_owner ON executor.sandboxes (owner_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE executor.sandboxes');
  }
}
