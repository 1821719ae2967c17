import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@cofounder/observability';

/** How the gateway's founder streams fare; no run id in a label. */
@Injectable()
export class SseMetrics {
  readonly clients: Gauge;
  readonly runsFollowed: Gauge;
  readonly clientsDropped: Counter;
  readonly feedsLost: Counter;
  readonly fanOutSeconds: Histogram;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.clients = new Gauge({ name: 'cofounder_gateway_sse_clients', help: 'SSE clients connected', registers });
    this.runsFollowed = new Gauge({ name: 'cofounder_gateway_sse_runs_followed', help: 'Runs with a live NATS feed in this gateway', registers });
    this.clientsDropped = new Counter({
      name: 'cofounder_gateway_sse_clients_dropped_total', help: 'SSE clients dropped for not taking their events (they reconnect and replay)', registers,
    });
    this.feedsLost = new Counter({
      name: 'cofounder_gateway_sse_feeds_lost_total', help: 'Run feeds whose NATS consumer was lost and set up again from their last event', registers,
    });
    this.fanOutSeconds = new Histogram({
      name: 'cofounder_gateway_sse_fanout_seconds', help: 'From an event reaching a run\'s feed to its frames written to every client of the run',
      buckets: [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers,
    });
  }
}
