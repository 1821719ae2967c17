import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLedgerEntries1732500000000 implements MigrationInterface {
  name = 'CreateLedgerEntries1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        usage_id text NOT NULL,
        run_id uuid NOT NULL,
        owner_id text NOT NULL,
        project_id uuid NOT NULL,
        model text NOT NULL,
        input_tokens int NOT NULL CHECK (input_tokens >= 0),
        output_tokens int NOT NULL CHECK (output_tokens >= 0),
        cache_creation_input_tokens int NOT NULL CHECK (cache_creation_input_tokens >= 0),
        cache_read_input_tokens int NOT NULL CHECK (cache_read_input_tokens >= 0),
        cost_microdollars bigint NOT NULL CHECK (cost_microdollars >= 0),
        recorded_at timestamptz NOT NULL,
        CONSTRAINT uq_ledger_usage UNIQUE (usage_id)
      )`);
    await q.query('CREATE INDEX ledger_entries_run_idx ON billing.ledger_entries (run_id)');
    // The owner's spend per period (monthly budget, daily pacing) reads by owner and time.
    await q.query('CREATE INDEX ledger_entries_owner_idx ON billing.ledger_entries (owner_id, recorded_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE billing.ledger_entries');
  }
}
