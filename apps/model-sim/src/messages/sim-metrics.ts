import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '@cofounder/observability';

@Injectable()
export class SimMetrics {
  readonly calls: Counter<'kind' | 'status'>;

  constructor(registry: MetricsRegistry) {
    this.calls = new Counter({
      name: 'cofounder_modelsim_calls_total',
      help: 'Simulated model calls by kind and HTTP status',
      labelNames: ['kind', 'status'],
      registers: [registry],
    });
  }
}
