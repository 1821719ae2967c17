import { Injectable, Optional } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry, within } from '@cofounder/observability';
import { NatsConnectionHolder } from './nats-connection';

/** All of a scrape's consumer infos, asked at once, must come within this: NATS away, the scrape answers without them. */
export const CONSUMER_INFO_TIMEOUT_MS = 1_000;

interface Backlog {
  stream: string;
  consumer: string;
  undelivered: number;
  unacked: number;
}

/**
 * cofounder_messaging_consumer_pending: the backlog of every durable consumer this process reads,
 * read from JetStream's consumer info at scrape time. `undelivered` is num_pending (in the stream,
 * not yet handed out), `unacked` num_ack_pending (handed out, not yet settled). A consumer whose
 * info does not come in time has no series in that scrape rather than a stale figure.
 */
@Injectable()
export class ConsumerLag {
  private readonly durables = new Map<string, { stream: string; durable: string }>();

  constructor(private readonly nats: NatsConnectionHolder, @Optional() registry?: MetricsRegistry) {
    if (!registry) return;
    const backlogs = () => this.backlogs();
    new Gauge({
      name: 'cofounder_messaging_consumer_pending',
      help: 'Messages of a durable consumer this service reads: undelivered (num_pending) or delivered and not yet acked (num_ack_pending)',
      labelNames: ['stream', 'consumer', 'state'],
      registers: [registry],
      async collect() {
        const read = await backlogs();
        this.reset();
        for (const { stream, consumer, undelivered, unacked } of read) {
          this.set({ stream, consumer, state: 'undelivered' }, undelivered);
          this.set({ stream, consumer, state: 'unacked' }, unacked);
        }
      },
    });
  }

  /** A durable consumer this process pulls from (the transport says so as it starts consuming). */
  watch(stream: string, durable: string): void {
    this.durables.set(`${stream}/${durable}`, { stream, durable });
  }

  private async backlogs(): Promise<Backlog[]> {
    const read = await Promise.all([...this.durables.values()].map(async ({ stream, durable }) => {
      const info = await within(CONSUMER_INFO_TIMEOUT_MS, (async () => this.nats.jsm.consumers.info(stream, durable))(), `consumer ${durable}`)
        .catch(() => null);
      return info && { stream, consumer: durable, undelivered: info.num_pending, unacked: info.num_ack_pending };
    }));
    return read.filter((backlog): backlog is Backlog => backlog !== null);
  }
}
