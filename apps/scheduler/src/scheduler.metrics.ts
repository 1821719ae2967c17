import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@cofounder/observability';
import { WakeTimerRepository } from './timers/wake-timer.repository';

export type SweepName = 'expire_reservations' | 'reap_runs';
export type SweepOutcome = 'ok' | 'unavailable' | 'failed';

/** The scheduler's figures: timers waiting, wakes fired and how late, sweeps by outcome. */
@Injectable()
export class SchedulerMetrics {
  readonly wakesFired: Counter;
  readonly wakeLateness: Histogram;
  readonly sweeps: Counter<'sweep' | 'outcome'>;

  constructor(registry: MetricsRegistry, timers: WakeTimerRepository) {
    new Gauge({
      name: 'cofounder_scheduler_timers_pending', help: 'Wake timers set and not yet fired', registers: [registry],
      // Read at scrape time from PostgreSQL, so a standby reports the same figure as the leader.
      // PostgreSQL away: the last figure stays, and /metrics still answers.
      async collect() {
        const pending = await timers.countPending().catch(() => undefined);
        if (pending !== undefined) this.set(pending);
      },
    });
    this.wakesFired = new Counter({ name: 'cofounder_scheduler_wakes_fired_total', help: 'run.cmd.wake published by this instance', registers: [registry] });
    this.wakeLateness = new Histogram({
      name: 'cofounder_scheduler_wake_lateness_seconds', help: 'How long after its wakeAt a wake was published',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30, 300], registers: [registry],
    });
    this.sweeps = new Counter({
      name: 'cofounder_scheduler_sweeps_total', help: 'Sweeps asked of billing (expire) and the orchestrator (reap), by outcome',
      labelNames: ['sweep', 'outcome'], registers: [registry],
    });
  }
}
