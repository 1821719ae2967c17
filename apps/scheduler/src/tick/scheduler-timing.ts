import { Injectable } from '@nestjs/common';
import { CofounderConfig } from '@cofounder/config';

/** The leader's cadences; a test may provide its own. */
@Injectable()
export class SchedulerTiming {
  readonly tickMs: number;
  /** Expire and reap: often enough that a dead lease is found within about `time.leaseMs` of going stale. */
  readonly sweepEveryMs: number;
  /** A sweep request that takes longer than its cadence is given up and asked again. */
  readonly sweepTimeoutMs: number;

  constructor(config: CofounderConfig) {
    this.tickMs = config.time.schedulerTickMs;
    this.sweepEveryMs = Math.max(1, Math.floor(config.time.leaseMs / 3));
    this.sweepTimeoutMs = Math.min(config.limits.rpcTimeoutMs, Math.max(this.sweepEveryMs, 1_000));
  }
}
