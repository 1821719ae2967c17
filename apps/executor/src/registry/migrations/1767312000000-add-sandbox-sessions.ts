import { MigrationInterface, QueryRunner } from 'typeorm';

/** Awake periods (the sentinel's session id), paused and killed sandboxes. */
export class AddSandboxSessions1767312000000 implements MigrationInterface {
  readonly name = 'AddSandboxSessions1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE executor.sandboxes ADD COLUMN session_id uuid');
    await q.query('ALTER TABLE executor.sandboxes DROP CONSTRAINT sandboxes_status_check');
    await q.query(`ALTER TABLE executor.sandboxes ADD CONSTRAINT sandboxes_status_check
      CHECK (status IN ('creating', 'active', 'paused', 'killed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE executor.sandboxes SET status = 'active' WHERE status IN ('paused', 'killed')`);
    await q.query('ALTER TABLE executor.sandboxes DROP CONSTRAINT sandboxes_status_check');
    await q.query(`ALTER TABLE executor.sandboxes ADD CONSTRAINT sandboxes_status_check CHECK (status IN ('creating', 'active'))`);
    await q.query('ALTER TABLE executor.sandboxes DROP COLUMN session_id');
  }
}
