import { Injectable } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { RUN_STATUSES } from '@cofounder/contracts';
import { MetricsRegistry, within } from '@cofounder/observability';
import { RunCountsRepository } from './run-counts.repository';

/** The runs count must come within this: PostgreSQL away, the scrape answers without it. */
export const RUN_COUNT_TIMEOUT_MS = 1_000;

export type StepOutcome = 'ok' | 'outage' | 'failed';

/**
 * The orchestrator's figures: runs by status, read from its table at scrape time (no run ids as
 * labels), and how long one step of the loop takes, by how it ended.
 */
@Injectable()
export class OrchestratorMetrics {
  private readonly stepDuration: Histogram<'outcome'>;

  constructor(registry: MetricsRegistry, counts: RunCountsRepository) {
    new Gauge({
      name: 'cofounder_orchestrator_runs', help: 'Runs by status, as the orchestrator\'s table has them (queued runs are not in it yet)',
      labelNames: ['status'], registers: [registry],
      async collect() {
        const read = await within(RUN_COUNT_TIMEOUT_MS, counts.byStatus(), 'the runs count').catch(() => null);
        this.reset();
        if (!read) return;
        // Every status the orchestrator holds, 0 included, so a rate or an alert never meets a missing series.
        for (const status of RUN_STATUSES.filter((s) => s !== 'queued')) this.set({ status }, 0);
        for (const { status, runs } of read) this.set({ status }, runs);
      },
    });
    this.stepDuration = new Histogram({
      name: 'cofounder_orchestrator_step_duration_seconds', help: 'One step of a run\'s loop (one turn: model call and tools), by outcome',
      labelNames: ['outcome'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900], registers: [registry],
    });
  }

  /** Times one step; `outcomeOf` sorts a failure (an outage waited out, or a failure of the step's own). */
  async timeStep<T>(step: () => Promise<T>, outcomeOf: (err: unknown) => StepOutcome): Promise<T> {
    const end = this.stepDuration.startTimer();
    try {
      const done = await step();
      end({ outcome: 'ok' });
      return done;
    } catch (err) {
      end({ outcome: outcomeOf(err) });
      throw err;
    }
  }
}
