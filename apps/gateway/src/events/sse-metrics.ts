import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '@cofounder/observability';

/** How the gateway's founder streams fare; no run id in a label. */
@Injectable()
export class SseMetrics {
  readonly clients: Gauge;
  readonly runsFollowed: Gauge;
  readonly clientsDropped: Counter;
  readonly feedsLost: Counter;

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
  }
}
