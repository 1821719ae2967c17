import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock, CofounderConfig } from '@cofounder/config';
import { backoffMs, RetryLater } from '@cofounder/messaging';
import { StepLeaseRepository } from './step-lease.repository';

/** A step that finds another delivery of its run at work asks again after this long at most. */
const HELD_RETRY_MAX_MS = 5_000;
/**
 * The usual holder is the step before this one: it queued this step as its last act and is
 * releasing the lease. Waiting these few milliseconds in place takes the hand-over at once,
 * where putting the message back would cost every turn a redelivery delay.
 */
const HANDOVER_WAITS_MS = [2, 5, 10, 20, 40, 80];

/**
 * Holds a run's step lease while a step works: claimed before, renewed every third of
 * `time.leaseMs` while it works, released after. A run whose lease another delivery holds is
 * not worked on: the step is asked again later (RetryLater), uncounted.
 */
@Injectable()
export class StepLease {
  private readonly log = new Logger(StepLease.name);

  constructor(private readonly leases: StepLeaseRepository, private readonly config: CofounderConfig, private readonly clock: Clock) {}

  async hold<T>(runId: string, message: { seq: number; deliveryCount: number }, work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const leaseMs = this.config.time.leaseMs;
    const claimNow = () => this.leases.claim(runId, { token, messageSeq: message.seq }, this.clock.now(), leaseMs);
    let claim = await claimNow();
    for (const waitMs of HANDOVER_WAITS_MS) {
      if (claim !== 'held') break;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      claim = await claimNow();
    }
    if (claim === 'held') {
      throw new RetryLater(`another step of run ${runId} is at work`, backoffMs(message.deliveryCount, Math.min(HELD_RETRY_MAX_MS, leaseMs)));
    }
    if (claim === 'no_run') return work();
    const renewal = setInterval(() => void this.renew(runId, token), Math.max(100, Math.floor(leaseMs / 3)));
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      // A release that fails (the database away) is not the step's failure: the lease lapses by itself.
      await this.leases.release(runId, token, this.clock.now())
        .catch((err: unknown) => this.log.warn({ msg: 'step lease not released; it will lapse', runId, error: String(err) }));
    }
  }

  private async renew(runId: string, token: string): Promise<void> {
    try {
      const kept = await this.leases.renew(runId, token, this.clock.now(), this.config.time.leaseMs);
      if (!kept) this.log.warn({ msg: 'step lease lost to another delivery', runId });
    } catch (err) {
      this.log.warn({ msg: 'step lease not renewed', runId, error: String(err) });
    }
  }
}
