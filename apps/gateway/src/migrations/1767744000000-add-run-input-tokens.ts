import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each run's input tokens by kind, from its budget.updated events, so its view shows how much was read from the prompt cache. */
export class AddRunInputTokens1767744000000 implements MigrationInterface {
  readonly name = 'AddRunInputTokens1767744000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gateway.run_projections
        ADD COLUMN input_tokens bigint NOT NULL DEFAULT 0,
        ADD COLUMN cache_creation_input_tokens bigint NOT NULL DEFAULT 0,
        ADD COLUMN cache_read_input_tokens bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gateway.run_projections
        DROP COLUMN input_tokens, DROP COLUMN cache_creation_input_tokens, DROP COLUMN cache_read_input_tokens`);
  }
}
