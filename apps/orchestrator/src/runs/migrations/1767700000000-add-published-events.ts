import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The run events the orchestrator published, so that a step replayed after an outage longer
 * than the EVENTS duplicate window publishes none of them again (PublishOnce).
 */
export class AddPublishedEvents1767700000000 implements MigrationInterface {
  name = 'AddPublishedEvents1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orchestrator.published_events (
        run_id uuid NOT NULL,
        key text NOT NULL,
        final boolean NOT NULL,
        after_seq bigint NOT NULL,
        seq bigint,
        PRIMARY KEY (run_id, key)
      )`);
    // A new intent reads the run's last acknowledged sequence: the top of this index.
    await q.query('CREATE INDEX published_events_run_seq_idx ON orchestrator.published_events (run_id, seq)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE orchestrator.published_events');
  }
}
