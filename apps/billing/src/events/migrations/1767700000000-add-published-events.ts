import { MigrationInterface, QueryRunner } from 'typeorm';
import { createPublishedEventsTable } from '@cofounder/messaging';

/**
 * The run events billing published, so that a usage delivered again after an outage longer than
 * the EVENTS duplicate window tells the founder nothing twice (PublishOnce).
 */
export class AddPublishedEvents1767700000000 implements MigrationInterface {
  name = 'AddPublishedEvents1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await createPublishedEventsTable(q, 'billing');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE billing.published_events');
  }
}
