import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '@cofounder/config';
import { RunWakeV1, Subjects, wakeMessageId } from '@cofounder/contracts';
import { JetStreamPublisher } from '@cofounder/messaging';
import { SchedulerMetrics } from '../scheduler.metrics';
import { DueTimer, WakeTimerRepository } from '../timers/wake-timer.repository';

/** Timers claimed per transaction; a backlog (after an outage) is worked through batch by batch in one tick. */
const BATCH = 100;

/**
 * Publishes `run.cmd.wake` for every timer due now, then marks it fired.
 *
 * The publish runs inside the transaction that holds the timer's row lock, against our usual
 * rule, on purpose: the lock is what keeps a second instance from firing the same timer
 * meanwhile, and a JetStream publish is a bounded round trip. Publish before mark: a crash in
 * between leaves the timer unfired, and its next publish carries the same msgID, which the
 * RUNS stream drops as a duplicate.
 */
@Injectable()
export class WakeDueRunsUseCase {
  private readonly log = new Logger(WakeDueRunsUseCase.name);

  constructor(
    private readonly timers: WakeTimerRepository,
    private readonly publisher: JetStreamPublisher,
    private readonly clock: Clock,
    private readonly metrics: SchedulerMetrics,
  ) {}

  /** Returns how many wakes were published. */
  async execute(): Promise<number> {
    let fired = 0;
    for (;;) {
      const batch = await this.timers.transaction((em) => this.fireBatch(em));
      fired += batch.fired;
      // A full batch may have more behind it; a failed publish waits for the next tick.
      if (batch.claimed < BATCH || batch.fired < batch.claimed) return fired;
    }
  }

  private async fireBatch(em: EntityManager): Promise<{ claimed: number; fired: number }> {
    const now = this.clock.now();
    const due = await this.timers.claimDue(now, BATCH, em);
    const results = await Promise.allSettled(due.map((timer) => this.publishWake(timer)));
    const fired = due.filter((_, i) => results[i].status === 'fulfilled');
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.log.warn({ msg: 'wake not published, retried next tick', runId: due[i].runId, error: String(result.reason) });
      }
    });
    await this.timers.markFired(fired.map((timer) => timer.runId), now, em);
    for (const timer of fired) {
      const latenessMs = Math.max(0, now.getTime() - timer.wakeAt.getTime());
      this.metrics.wakesFired.inc();
      this.metrics.wakeLateness.observe(latenessMs / 1000);
      this.log.log({ msg: 'wake fired', runId: timer.runId, wakeAt: timer.wakeAt.toISOString(), latenessMs });
    }
    return { claimed: due.length, fired: fired.length };
  }

  private async publishWake(timer: DueTimer): Promise<void> {
    const wake: RunWakeV1 = { runId: timer.runId, wakeAt: timer.wakeAt.toISOString() };
    await this.publisher.publish(Subjects.runCommand('wake'), wake, wakeMessageId(wake));
  }
}
