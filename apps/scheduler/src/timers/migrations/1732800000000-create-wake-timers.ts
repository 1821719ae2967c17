import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWakeTimers1732800000000 implements MigrationInterface {
  name = 'CreateWakeTimers1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduler.wake_timers (
        run_id uuid PRIMARY KEY,
        wake_at timestamptz,
        fired_at timestamptz,
        event_seq bigint NOT NULL CHECK (event_seq > 0)
      )`);
    // The leader's tick reads only the timers still to fire, oldest first.
    await q.query(`
      CREATE INDEX wake_timers_due_idx ON scheduler.wake_timers (wake_at)
      WHERE wake_at IS NOT NULL AND fired_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE scheduler.wake_timers');
  }
}
