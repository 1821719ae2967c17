import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '@cofounder/config';
import { LeaderLock } from '../leadership/leader-lock';
import { StaleWorkSweep } from '../sweeps/stale-work.sweep';
import { WakeDueRunsUseCase } from '../wakes/wake-due-runs.use-case';
import { SchedulerTiming } from './scheduler-timing';

/**
 * The leader's heartbeat: every tick it wakes the runs that are due, and every
 * `sweepEveryMs` it asks for stale work to be swept. A standby ticks too but does nothing,
 * so it takes over within a tick of winning the lock.
 */
@Injectable()
export class SchedulerTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(SchedulerTick.name);
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private sweeping?: Promise<void>;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  private failingSince?: Date;
  /** Ticks this instance ran as leader; tests wait on it instead of sleeping. */
  leaderTicks = 0;

  constructor(
    private readonly lock: LeaderLock,
    private readonly wakeDueRuns: WakeDueRunsUseCase,
    private readonly sweep: StaleWorkSweep,
    private readonly timing: SchedulerTiming,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.timing.tickMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for the tick in hand; a sweep in flight is idempotent and left to finish or fail. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** One tick at a time: a slow PostgreSQL must not stack ticks on top of each other. */
  tick(): Promise<void> {
    this.ticking ??= this.leaderWork()
      .then(() => this.recovered())
      .catch((err: unknown) => this.failed(err))
      .finally(() => { this.ticking = undefined; });
    return this.ticking;
  }

  /** PostgreSQL or NATS away: the timers stay unfired in the table and every tick tries again; logged once per outage. */
  private failed(err: unknown): void {
    if (this.failingSince === undefined) {
      this.failingSince = this.clock.now();
      this.log.warn({ msg: 'ticks failing, tried again every tick', error: err instanceof Error ? err.message : String(err) });
    }
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    this.log.log({ msg: 'ticks working again', failingSince: this.failingSince.toISOString() });
    this.failingSince = undefined;
  }

  private async leaderWork(): Promise<void> {
    if (!this.lock.isLeader) return;
    this.leaderTicks += 1;
    this.startSweepWhenDue();
    await this.wakeDueRuns.execute();
  }

  /** Not awaited: a dependency slow to answer must not make a wake late. */
  private startSweepWhenDue(): void {
    const now = this.clock.now().getTime();
    if (this.sweeping || now - this.lastSweepAt < this.timing.sweepEveryMs) return;
    this.lastSweepAt = now;
    this.sweeping = this.sweep.run(this.timing.sweepTimeoutMs).finally(() => { this.sweeping = undefined; });
  }
}
