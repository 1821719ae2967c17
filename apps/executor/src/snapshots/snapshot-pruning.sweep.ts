import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock, CofounderConfig } from '@cofounder/config';
import { WorkspaceSnapshots } from './workspace-snapshots.service';

/** Deletes what the pruning rules let go, every `snapshotEveryMs`, one sweep at a time. */
@Injectable()
export class SnapshotPruningSweep implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(SnapshotPruningSweep.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly snapshots: WorkspaceSnapshots, private readonly config: CofounderConfig, private readonly clock: Clock) {}

  onModuleInit(): void {
    // The cadence of snapshots is also the cadence at which there can be something to prune.
    this.timer = setInterval(() => void this.sweepOnce(), this.config.sandbox.snapshotEveryMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async sweepOnce(): Promise<void> {
    if (this.running) return; // the last sweep is still deleting
    this.running = true;
    try {
      const deleted = await this.snapshots.prune(this.clock.now());
      if (deleted) this.log.log({ msg: 'snapshots pruned', deleted });
    } catch (err) {
      // A timer has no caller to hand this to; the next sweep tries again.
      this.log.error({ msg: 'snapshot pruning failed', error: String(err) });
    } finally {
      this.running = false;
    }
  }
}
