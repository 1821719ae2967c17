import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reservations, founder accounts (the lock each authorization takes, first-seen time, alert and
 * confirmation per period), and ledger indexes for per-founder, per-project and per-run sums by
 * authorization time. INCLUDE lets each sum read the index alone (docs/billing.md has the plans).
 */
export class ReservationsAndPacing1733000000000 implements MigrationInterface {
  name = 'ReservationsAndPacing1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE billing.ledger_entries ADD COLUMN authorized_at timestamptz, ADD COLUMN reservation_id uuid');
    // Rows from before reservations were authorized when they were made.
    await q.query('UPDATE billing.ledger_entries SET authorized_at = recorded_at');
    await q.query('ALTER TABLE billing.ledger_entries ALTER COLUMN authorized_at SET NOT NULL');
    await q.query('DROP INDEX billing.ledger_entries_owner_idx');
    await q.query('DROP INDEX billing.ledger_entries_run_idx');
    await q.query(`CREATE INDEX ledger_entries_owner_time_idx ON billing.ledger_entries
      (owner_id, authorized_at) INCLUDE (cost_microdollars, project_id, run_id)`);
    await q.query(`CREATE INDEX ledger_entries_owner_project_time_idx ON billing.ledger_entries
      (owner_id, project_id, authorized_at) INCLUDE (cost_microdollars)`);
    await q.query(`CREATE INDEX ledger_entries_run_time_idx ON billing.ledger_entries
      (run_id, authorized_at) INCLUDE (owner_id, cost_microdollars)`);

    await q.query(`
      CREATE TABLE billing.reservations (
        id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        run_id uuid NOT NULL,
        project_id uuid NOT NULL,
        model text NOT NULL,
        amount_microdollars bigint NOT NULL CHECK (amount_microdollars >= 0),
        awake_since timestamptz NOT NULL,
        authorized_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX reservations_owner_expiry_idx ON billing.reservations (owner_id, expires_at)');
    await q.query('CREATE INDEX reservations_run_idx ON billing.reservations (owner_id, run_id)');
    await q.query('CREATE INDEX reservations_expiry_idx ON billing.reservations (expires_at)');

    await q.query(`
      CREATE TABLE billing.founder_accounts (
        owner_id text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL,
        alerted_period_start timestamptz,
        confirmed_period_start timestamptz
      )`);
    await q.query(`
      CREATE TABLE billing.costly_awake_periods (
        run_id uuid NOT NULL,
        awake_since timestamptz NOT NULL,
        owner_id text NOT NULL,
        noted_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, awake_since)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE billing.costly_awake_periods');
    await q.query('DROP TABLE billing.founder_accounts');
    await q.query('DROP TABLE billing.reservations');
    await q.query('DROP INDEX billing.ledger_entries_run_time_idx');
    await q.query('DROP INDEX billing.ledger_entries_owner_project_time_idx');
    await q.query('DROP INDEX billing.ledger_entries_owner_time_idx');
    await q.query('CREATE INDEX ledger_entries_run_idx ON billing.ledger_entries (run_id)');
    await q.query('CREATE INDEX ledger_entries_owner_idx ON billing.ledger_entries (owner_id, recorded_at)');
    await q.query('ALTER TABLE billing.ledger_entries DROP COLUMN reservation_id, DROP COLUMN authorized_at');
  }
}
