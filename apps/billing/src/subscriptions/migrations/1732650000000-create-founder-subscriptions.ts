import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFounderSubscriptions1732650000000 implements MigrationInterface {
  name = 'CreateFounderSubscriptions1732650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.stripe_events (
        event_id text NOT NULL,
        owner_id text NOT NULL,
        type text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_stripe_event PRIMARY KEY (event_id)
      )`);
    await q.query(`
      CREATE TABLE billing.founder_subscriptions (
        subscription_id text PRIMARY KEY,
        owner_id text NOT NULL,
        status text NOT NULL,
        paying boolean NOT NULL,
        price_id text,
        period_start timestamptz,
        period_end timestamptz,
        event_id text NOT NULL,
        event_created_at timestamptz NOT NULL
      )`);
    // The founder's tier: their paying subscription changed last.
    await q.query(`CREATE INDEX founder_subscriptions_owner_idx
      ON billing.founder_subscriptions (owner_id, event_created_at DESC) WHERE paying`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE billing.founder_subscriptions');
    await q.query('DROP TABLE billing.stripe_events');
  }
}
