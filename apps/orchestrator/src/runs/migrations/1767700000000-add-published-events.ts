import { MigrationInterface, QueryRunner } from 'typeorm';
import { createPublishedEventsTable } from '@cofounder/messaging';

/**
 * The run events the orchestrator published, so that a step replayed after an outage longer
 * than the EVENTS duplicate window publishes none of them again (PublishOnce).
 */
export class AddPublishedEvents1767700000000 implements MigrationInterface {
  name = 'AddPublishedEvents1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await createPublishedEventsTable(q, 'orchestrator');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE orchestrator.published_events');
  }
}
