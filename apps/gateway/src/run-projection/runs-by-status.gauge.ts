import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { RUN_STATUSES } from '@cofounder/contracts';
import { MetricsRegistry } from '@cofounder/observability';
import { isDatabaseUnavailable } from '@cofounder/persistence';
import { RunViewRepository } from './run-view.repository';

/** `cofounder_gateway_runs{status}`: every run the founders asked for, by status, as the projection has it. */
@Injectable()
export class RunsByStatusGauge {
  constructor(registry: MetricsRegistry, views: RunViewRepository) {
    new Gauge({
      name: 'cofounder_gateway_runs', help: 'Runs by status, from the gateway\'s projection of their events', labelNames: ['status'], registers: [registry],
      // Read at scrape time, so every gateway instance reports the same figures.
      async collect() {
        let counts;
        try {
          counts = await views.countByStatus();
        } catch (err) {
          // PostgreSQL away: the last figures stay, and /metrics still answers.
          if (isDatabaseUnavailable(err)) return;
          throw err;
        }
        for (const status of RUN_STATUSES) this.set({ status }, counts.get(status) ?? 0);
      },
    });
  }
}
