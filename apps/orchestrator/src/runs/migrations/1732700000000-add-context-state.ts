import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddContextState1732700000000 implements MigrationInterface {
  name = 'AddContextState1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orchestrator.runs
        ADD COLUMN context_from_seq int NOT NULL DEFAULT 0,
        ADD COLUMN context_note text,
        ADD COLUMN cleared_through int NOT NULL DEFAULT 0,
        ADD COLUMN token_ratio double precision NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE orchestrator.runs
        DROP COLUMN token_ratio, DROP COLUMN cleared_through, DROP COLUMN context_note, DROP COLUMN context_from_seq`);
  }
}
